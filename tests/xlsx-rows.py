#!/usr/bin/env python3
# Prints the rows of the first sheet of an XLSX file, one per line, cells
# separated by tabs: the test reopens what Guildbook wrote, with nothing
# but Python's standard library.
import re, sys, zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
with zipfile.ZipFile(sys.argv[1]) as z:
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    for row in sheet.find("m:sheetData", NS).findall("m:row", NS):
        cells = {}
        for c in row.findall("m:c", NS):
            col = re.match(r"[A-Z]+", c.get("r")).group(0)
            idx = 0
            for ch in col:
                idx = idx * 26 + ord(ch) - 64
            v = c.find("m:v", NS)
            if c.get("t") == "s":
                cells[idx] = shared[int(v.text)]
            elif c.get("t") == "inlineStr":
                cells[idx] = "".join(t.text or "" for t in c.iter("{%s}t" % NS["m"]))
            else:
                text = v.text if v is not None else ""
                cells[idx] = text[:-2] if text.endswith(".0") else text
        width = max(cells) if cells else 0
        sys.stdout.write("\t".join(cells.get(i, "") for i in range(1, width + 1)) + "\n")
