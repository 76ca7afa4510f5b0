"""Reading a CSV return: its one table, as the service typed it."""

from perflib.inputs import layout as fmt
from perflib.inputs.csv_reader import read_csv


def test_csv_with_control_characters_is_read_as_text(tmp_path):
    path = tmp_path / "alpha.csv"
    header = ",".join(fmt.INDICATOR_COLUMNS.values())
    path.write_bytes(f"{header}\r\nAA02,,,,,60,,,Busy\x01 quarter\x0b,\r\n".encode())
    rows = read_csv(path, "alpha.csv", "alpha", []).sheets[fmt.INDICATORS_SHEET]
    assert rows[1][8] == "Busy\x01 quarter\x0b"  # kept as sent; the XLSX writer cleans what Excel cannot hold
