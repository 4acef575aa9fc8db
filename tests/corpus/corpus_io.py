"""Shared by make_text.py and make_binary.py: where the corpus is and how its files are written."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, '..', 'data')
BASE = os.path.join(HERE, 'baseline')
BOM = b'\xef\xbb\xbf'


def write(rel, content):
    path = os.path.join(HERE, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(content.encode('utf-8') if isinstance(content, str) else content)


def base(name):
    with open(os.path.join(BASE, name), encoding='utf-8') as f:
        return f.read()


def data(rel):
    with open(os.path.join(DATA, rel), 'rb') as f:
        return f.read()
