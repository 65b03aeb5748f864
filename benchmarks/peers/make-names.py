#!/usr/bin/env python3
"""Write the artisans for gLabels' batch merge as CSV (keys on line 1).

    make-names.py FILE [N]      N rows, default 1000

The name parts, crafts and villages are gb-bench's own lists, drawn with the
same SplitMix64 generator (seed 42), so the two runs merge the same kind of
text; the output is the same on every run. Standard library only.
"""
import csv
import sys
import unicodedata

FAMILIES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ",
            "Ngô", "Dương", "Lý", "Đào", "Đinh", "Mạc", "Phan", "Cao", "Lương", "Tô"]
MIDDLES = ["Văn", "Thị", "Đức", "Ngọc", "Quang", "Thu", "Minh", "Hồng", "Hữu", "Kim",
           "Công", "Thanh"]
GIVENS = ["An", "Anh", "Ánh", "Bình", "Chi", "Cường", "Dung", "Dũng", "Đạt", "Đào", "Hà",
          "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Huy", "Khánh", "Lan", "Liên", "Long",
          "Mai", "Minh", "Nam", "Ngân", "Nhung", "Oanh", "Phúc", "Phương", "Quân", "Sơn",
          "Thảo", "Thắng", "Toàn", "Trang", "Tuấn", "Việt", "Yến"]
CRAFTS = ["Đúc đồng", "Dệt chiếu cói", "Tạc tượng", "Sơn mài", "Múa rối nước",
          "Mộc mỹ nghệ", "Mây tre đan", "Dệt thảm", "Thêu ren", "Gốm", "Hoa, cây cảnh",
          "Nước mắm", "Gốm sứ", "Chạm khắc gỗ"]
VILLAGES = ["Mỹ Đồng", "Lật Dương", "Bảo Hà", "Kê Sơn", "Chính Mỹ", "Đại Đồng",
            "Cộng Hiền", "Dưỡng Động", "Mông Thượng", "Vạn Vân", "Chu Đậu", "Xuân Nẻo",
            "Cúc Bồ", "Đông Giao"]

MASK = (1 << 64) - 1


class SplitMix64:
    """gb-bench's next(): SplitMix64, high 32 bits modulo n."""

    def __init__(self, seed=42):
        self.state = seed

    def next(self, n):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return ((z ^ (z >> 31)) >> 32) % n

    def pick(self, items):
        return items[self.next(len(items))]


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit("usage: make-names.py FILE [N]")
    n = int(argv[2]) if len(argv) == 3 else 1000
    rng = SplitMix64()
    nfc = lambda s: unicodedata.normalize("NFC", s)
    with open(argv[1], "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["name", "craft", "village", "number"])
        for i in range(n):
            name = " ".join((rng.pick(FAMILIES), rng.pick(MIDDLES), rng.pick(GIVENS)))
            w.writerow([nfc(name), nfc(rng.pick(CRAFTS)), nfc(rng.pick(VILLAGES)),
                        "%03d/GCN-HHLN" % (i + 1)])


if __name__ == "__main__":
    main(sys.argv)
