"""SHA-256 of files and how a file is named in a manifest."""

import hashlib

from perflib.core import paths
from perflib.core.hashing import file_key, sha256_file


def test_sha256_of_known_byte_strings(tmp_path):
    # The FIPS 180-2 test vectors: "abc", and the empty message.
    abc = tmp_path / "abc.txt"
    abc.write_bytes(b"abc")
    assert sha256_file(abc) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    empty = tmp_path / "empty"
    empty.write_bytes(b"")
    assert sha256_file(empty) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_sha256_of_a_file_longer_than_one_read(tmp_path):
    # One mebibyte is read at a time: 2 MiB + 3 bytes take three reads, the last of 3 bytes.
    # One million "a" is the long FIPS 180-2 vector; padded out past two reads here.
    data = b"a" * 1_000_000
    vector = tmp_path / "million_a"
    vector.write_bytes(data)
    assert sha256_file(vector) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    long = tmp_path / "long"
    long.write_bytes(bytes(range(256)) * 8192 + b"end")  # 2,097,152 + 3 bytes
    assert sha256_file(long) == hashlib.sha256(bytes(range(256)) * 8192 + b"end").hexdigest()
    assert len(sha256_file(long)) == 64


def test_one_changed_byte_changes_the_digest(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(b"pi_code,value\nAA01,85.0\n")
    b.write_bytes(b"pi_code,value\nAA01,85.1\n")
    assert sha256_file(a) != sha256_file(b)


def test_file_key_is_relative_inside_the_project_and_absolute_outside(tmp_path):
    inside = paths.PROJECT_ROOT / "data" / "raw" / "2023-24-Q3" / "place.xlsx"
    assert file_key(inside) == "data/raw/2023-24-Q3/place.xlsx"
    outside = tmp_path / "council" / "raw" / "2023-24-Q3" / "alpha.xlsx"
    assert file_key(outside) == outside.resolve().as_posix()
    assert file_key(outside).startswith("/")


def test_an_unreadable_file_is_named_not_raised(tmp_path, monkeypatch):
    # One unreadable return must not stop this quarter's run, nor every later quarter's under run --all.
    path = tmp_path / "place.xlsx"
    path.write_bytes(b"x")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("builtins.open", denied)
    assert sha256_file(path) == "unreadable (Permission denied)"
