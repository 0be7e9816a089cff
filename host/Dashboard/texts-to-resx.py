#!/usr/bin/env python3
"""Writes the dashboard's resources from its text files ("key = text" lines): run after editing the texts.

Texts.nl.txt -> Texts.nl.resx: the Dutch texts; the key is the English text.
Texts.en.txt -> Texts.resx: the English texts of the few keys that are not their own English text ("tasks: done"),
because resource names are compared without case: "Done" and "done" would be one name (MSB3568) and the second
would silently show in English on a Dutch page.
"""
import os
from xml.sax.saxutils import escape, quoteattr

here = os.path.dirname(os.path.abspath(__file__))
HEADER = ['<?xml version="1.0" encoding="utf-8"?>', "<root>",
          '  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>',
          '  <resheader name="version"><value>2.0</value></resheader>',
          '  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>',
          '  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>']


def read(name):
    pairs, seen = {}, {}
    with open(os.path.join(here, name), encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            key, sep, value = line.partition(" = ")
            if not sep:
                raise SystemExit(f"{name}:{number}: no ' = ' in: {line}")
            folded = key.casefold()
            if folded in seen:
                raise SystemExit(f"{name}:{number}: the key '{key}' differs only in case from '{seen[folded]}' (line above); "
                                 "resource names ignore case, so give one of them its own key (e.g. 'tasks: done') and its English text in Texts.en.txt")
            seen[folded] = key
            pairs[key] = value
    return pairs


def write(source, target, pairs):
    out = HEADER[:1] + [f"<!-- Made from {source} by texts-to-resx.py: edit that file, not this one. -->"] + HEADER[1:]
    for key, value in pairs.items():
        out.append(f'  <data name={quoteattr(key)} xml:space="preserve"><value>{escape(value)}</value></data>')
    out.append("</root>")
    with open(os.path.join(here, target), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(f"{target}: {len(pairs)} texts")


dutch, english = read("Texts.nl.txt"), read("Texts.en.txt")
missing = [key for key in english if key not in dutch]
if missing:
    raise SystemExit(f"Texts.en.txt: no Dutch text in Texts.nl.txt for: {', '.join(missing)}")
write("Texts.nl.txt", "Texts.nl.resx", dutch)
write("Texts.en.txt", "Texts.resx", english)
