#!/usr/bin/python3
"""A reader of snapshot format 1, as the previous release's hub read it.

Its stubs are generated from the schema as it stood at format 1
(tests/testdata/format-1/schema/proto), not from proto/, so it knows no
field that format 2 added. It pulls a node's latest snapshot over mutual
TLS as the hub does and checks what a format 1 hub relies on:

  - the manifest's format_version is 1; a newer one is refused, as the
    previous release refused it ("newer than this program reads"), and
    never read as format 1;
  - every entry parses under the format 1 schema with no field it does not
    know, at any depth: nothing the node sent would be silently dropped
    and shown wrongly (a withheld field as missing);
  - the entries, in order, rebuild the manifest's entries root (RFC 6962).

Usage: format1_reader.py STUBS TARGET CERT KEY CA
Prints one line per check; exits 0 when the snapshot reads as format 1,
3 when it is refused as a newer format, 1 on any other failure.
"""
import hashlib
import sys


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def merkle_root(leaves) -> bytes:
    """RFC 6962 section 2.1 Merkle tree hash over leaf hashes."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + merkle_root(leaves[:k]) +
                          merkle_root(leaves[k:])).digest()


def unknown_fields(message, path="entry"):
    """Paths of every message, at any depth, holding a field its schema
    does not define."""
    found = []
    if len(message.UnknownFields()) > 0:
        found.append(path)
    for field, value in message.ListFields():
        if field.message_type is None:
            continue
        if field.label == field.LABEL_REPEATED:
            if field.message_type.GetOptions().map_entry:
                continue
            for i, item in enumerate(value):
                found += unknown_fields(item, f"{path}.{field.name}[{i}]")
        else:
            found += unknown_fields(value, f"{path}.{field.name}")
    return found


def main() -> int:
    stubs, target, cert, key, ca = sys.argv[1:6]
    sys.path.insert(0, stubs)
    import grpc
    from disclosure.v1 import entry_pb2, snapshot_pb2
    from disclosure.v1.node import snapshot_service_pb2 as pb
    from disclosure.v1.node import snapshot_service_pb2_grpc as rpc

    def read(path):
        with open(path, "rb") as f:
            return f.read()

    creds = grpc.ssl_channel_credentials(
        root_certificates=read(ca), private_key=read(key),
        certificate_chain=read(cert))
    with grpc.secure_channel(target, creds) as channel:
        stub = rpc.SnapshotServiceStub(channel)
        note = stub.GetCheckpoint(pb.GetCheckpointRequest(), timeout=10)
        size = int(note.checkpoint.decode("utf-8").split("\n")[1])
        sequence = size - 1
        got = stub.GetManifest(pb.GetManifestRequest(sequence=sequence),
                               timeout=10)
        manifest = snapshot_pb2.SnapshotManifest.FromString(got.manifest)
        if manifest.format_version > 1:
            print(f"refused: manifest format version {manifest.format_version}"
                  " is newer than this program reads (up to 1): upgrade it")
            return 3
        if manifest.format_version != 1 or unknown_fields(manifest, "manifest"):
            print("manifest: not format 1")
            return 1
        print(f"manifest {sequence}: format 1, {manifest.entry_count} entries")
        leaves, problems = [], []
        for page in stub.ListEntries(pb.ListEntriesRequest(sequence=sequence),
                                     timeout=30):
            for raw in page.entries:
                entry = entry_pb2.DisclosureEntry.FromString(raw)
                leaves.append(leaf_hash(raw))
                problems += [f"{entry.key}: {p}"
                             for p in unknown_fields(entry)]
    for p in problems:
        print("field unknown to format 1:", p)
    root_ok = (len(leaves) == manifest.entry_count and
               merkle_root(leaves) == manifest.entries_root)
    print("entries rebuild the signed root:", "ok" if root_ok else "MISMATCH")
    print(f"entries read under the format 1 schema: {len(leaves)}, "
          f"with unknown fields: {len(problems)}")
    return 0 if root_ok and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
