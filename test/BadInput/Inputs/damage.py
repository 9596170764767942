#!/usr/bin/python3
"""Writes a damaged copy of a good model or data file, so the bad-input tests need not
commit one binary per kind of damage. Usage: damage.py OP SRC DST ARGS...

  truncate SRC DST N            keep the first N bytes (N < 0: drop the last -N)
  flip SRC DST OFFSET           invert the byte at OFFSET (< 0 counts from the end)
  poke SRC DST OFFSET HEX       overwrite bytes at OFFSET with HEX
  replace SRC DST OLDHEX NEWHEX replace every occurrence (there must be one)
  json-set SRC DST PATH JSON    set a dotted PATH (list indices are numbers) of a JSON
                                config, or of config.json inside a .keras archive
  json-del SRC DST PATH         delete that key or list entry
  zip-drop SRC DST MEMBER       remove a member of a .keras (zip) archive
  zip-member SRC DST MEMBER OP ARGS...  apply a byte OP above to one archive member
"""
import json
import sys
import zipfile


def byte_op(data, op, args):
    if op == "truncate":
        n = int(args[0])
        return data[:n] if n >= 0 else data[:len(data) + n]
    if op == "flip":
        i = int(args[0]) % len(data)
        return data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:]
    if op == "poke":
        i, new = int(args[0]) % len(data), bytes.fromhex(args[1])
        return data[:i] + new + data[i + len(new):]
    if op == "replace":
        old, new = bytes.fromhex(args[0]), bytes.fromhex(args[1])
        if old not in data:
            sys.exit("damage.py: pattern %s not found" % args[0])
        return data.replace(old, new)
    sys.exit("damage.py: unknown operation " + op)


def walk(doc, path):
    """The container holding the last step of PATH, and that step as a key or index."""
    steps = [int(s) if s.lstrip("-").isdigit() else s for s in path.split(".")]
    for s in steps[:-1]:
        doc = doc[s]
    return doc, steps[-1]


def json_op(text, op, args):
    doc = json.loads(text)
    parent, last = walk(doc, args[0])
    if op == "json-set":
        parent[last] = json.loads(args[1])
    else:
        del parent[last]
    return json.dumps(doc).encode()


def rewrite_zip(src, dst, change):
    """Copies the archive, passing each member's bytes through change(name, data), which
    returns None to drop it."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = change(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info, data)


def main(argv):
    op, src, dst, args = argv[1], argv[2], argv[3], argv[4:]
    is_zip = zipfile.is_zipfile(src)
    if op.startswith("json-") and is_zip:
        rewrite_zip(src, dst, lambda n, d: json_op(d, op, args) if n == "config.json" else d)
    elif op.startswith("json-"):
        with open(src, "rb") as f:
            out = json_op(f.read(), op, args)
        with open(dst, "wb") as f:
            f.write(out)
    elif op == "zip-drop":
        rewrite_zip(src, dst, lambda n, d: None if n == args[0] else d)
    elif op == "zip-member":
        rewrite_zip(src, dst, lambda n, d: byte_op(d, args[1], args[2:]) if n == args[0] else d)
    else:
        with open(src, "rb") as f:
            out = byte_op(f.read(), op, args)
        with open(dst, "wb") as f:
            f.write(out)


if __name__ == "__main__":
    main(sys.argv)
