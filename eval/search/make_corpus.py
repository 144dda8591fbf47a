#!/usr/bin/env python3
"""Generates the search evaluation corpus: one item per (topic, media category), 40 x 9 = 360
files under eval/search/corpus/. Run once by a developer; the output is committed, so the
evaluation itself needs none of these tools. Needs: ImageMagick (/usr/bin/convert), espeak-ng,
ffmpeg (FFMPEG env var or on PATH), LibreOffice (soffice) for .docx/.pptx/.xlsx, Python 3.

Usage: python3 eval/search/make_corpus.py
"""
import json, os, re, shutil, subprocess, sys, tempfile, zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "corpus"
FFMPEG = os.environ.get("FFMPEG", "ffmpeg")
CONVERT = "/usr/bin/convert"

def topics():
    src = (ROOT / "topics.ts").read_text()
    found = re.findall(r'\{ id: "([^"]+)", title: "([^"]+)", facts: "([^"]+)"', src)
    return [{"id": i, "title": t, "facts": f} for i, t, f in found]

def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def soffice(src: Path, fmt: str, outdir: Path):
    run("soffice", "--headless", "--convert-to", fmt, "--outdir", str(outdir), str(src))

def rtf_escape(s): return s.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")

def document(t, i, d: Path, tmp: Path):
    body = f"{t['title']}\n\n{t['facts']}\n"
    kind = i % 4
    if kind == 0: (d / f"{t['id']}.txt").write_text(body)
    elif kind == 1: (d / f"{t['id']}.md").write_text(f"# {t['title']}\n\n{t['facts']}\n")
    elif kind == 2: (d / f"{t['id']}.rtf").write_text("{\\rtf1\\ansi {\\b " + rtf_escape(t["title"]) + "}\\par " + rtf_escape(t["facts"]) + "\\par}")
    else:
        src = tmp / f"{t['id']}.txt"; src.write_text(body); soffice(src, "docx", d)

def web(t, i, d: Path, tmp: Path):
    kind = i % 3
    if kind == 0: (d / f"{t['id']}.html").write_text(f"<!doctype html><html><head><title>{t['title']}</title><style>p{{color:#333}}</style></head><body><h1>{t['title']}</h1><p>{t['facts']}</p><script>var x=1;</script></body></html>")
    elif kind == 1: (d / f"{t['id']}.json").write_text(json.dumps({"title": t["title"], "report": {"summary": t["facts"], "tags": t["id"]}}, indent=2))
    else: (d / f"{t['id']}.xml").write_text(f'<?xml version="1.0"?>\n<report><title>{t["title"]}</title><body>{t["facts"]}</body></report>\n')

def ebook(t, i, d: Path, tmp: Path):
    (d / f"{t['id']}.eml").write_text(
        f"From: Field Office <office@example.org>\nTo: Archive <archive@example.org>\nSubject: {t['title']}\n"
        f"Date: Mon, 3 Mar 2025 09:00:00 +0000\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\n{t['facts']}\n")

def presentation(t, i, d: Path, tmp: Path):
    # A minimal ODP (OpenDocument) written with zipfile; every other one converted to PPTX.
    content = f'''<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" office:version="1.3">
<office:body><office:presentation>
<draw:page draw:name="Slide1"><draw:frame svg:x="1cm" svg:y="1cm" svg:width="20cm" svg:height="3cm"><draw:text-box><text:p>{t["title"]}</text:p></draw:text-box></draw:frame>
<draw:frame svg:x="1cm" svg:y="5cm" svg:width="20cm" svg:height="10cm"><draw:text-box><text:p>{t["facts"]}</text:p></draw:text-box></draw:frame></draw:page>
</office:presentation></office:body></office:document-content>'''
    manifest = '''<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.presentation"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'''
    target = (tmp if i % 2 else d) / f"{t['id']}.odp"
    with zipfile.ZipFile(target, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.presentation", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    if i % 2: soffice(target, "pptx", d)

def spreadsheet(t, i, d: Path, tmp: Path):
    rows = [("Topic", "Title", "Notes"), (t["id"], t["title"], t["facts"])]
    sep = "\t" if i % 3 == 1 else ","
    text = "\n".join(sep.join('"' + c.replace('"', '""') + '"' if sep == "," else c for c in r) for r in rows) + "\n"
    if i % 3 == 0: (d / f"{t['id']}.csv").write_text(text)
    elif i % 3 == 1: (d / f"{t['id']}.tsv").write_text(text)
    else:
        src = tmp / f"{t['id']}.csv"; src.write_text(text); soffice(src, "xlsx", d)

def image(t, i, d: Path, tmp: Path):
    ext = ["png", "jpg"][i % 2]
    run(CONVERT, "-size", "1400x500", "-background", "white", "-fill", "black", "-font", "DejaVu-Sans", "-pointsize", "40",
        f"caption:{t['title']}. {t['facts']}", str(d / f"{t['id']}.{ext}"))

def speech(t, wav: Path):
    run("espeak-ng", "-s", "140", "-w", str(wav), f"{t['title']}. {t['facts']}")

def audio(t, i, d: Path, tmp: Path):
    wav = tmp / f"{t['id']}.wav"; speech(t, wav)
    ext = ["mp3", "wav", "ogg", "flac"][i % 4]
    if ext == "wav": shutil.copy(wav, d / f"{t['id']}.wav")
    else: run(FFMPEG, "-y", "-i", str(wav), "-ac", "1", "-ar", "16000", str(d / f"{t['id']}.{ext}"))

def video(t, i, d: Path, tmp: Path):
    wav = tmp / f"{t['id']}-v.wav"; speech(t, wav)
    ext = ["mp4", "webm", "mov"][i % 3]
    codec = ["-c:v", "libvpx", "-c:a", "libvorbis"] if ext == "webm" else ["-c:v", "mpeg4", "-c:a", "aac"]
    run(FFMPEG, "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=10", "-i", str(wav), "-shortest", *codec, "-b:v", "150k", str(d / f"{t['id']}.{ext}"))

def model3d(t, i, d: Path, tmp: Path):
    # A box whose parts and materials are named after the topic, so its description is searchable.
    words = [w for w in re.findall(r"[A-Za-z]+", t["title"]) if len(w) > 2]
    part, material = "_".join(words) or t["id"], words[-1] if words else "Material"
    v = [(0,0,0),(1,0,0),(1,1,0),(0,1,0),(0,0,1),(1,0,1),(1,1,1),(0,1,1)]
    f = [(1,2,3,4),(5,8,7,6),(1,5,6,2),(2,6,7,3),(3,7,8,4),(5,1,4,8)]
    lines = [f"# {t['title']}", f"o {part}", f"usemtl {material}"] + [f"v {a} {b} {c}" for a,b,c in v] + ["f " + " ".join(map(str, q)) for q in f]
    (d / f"{t['id']}.obj").write_text("\n".join(lines) + "\n")

CATEGORIES = {"document": document, "web": web, "ebook": ebook, "presentation": presentation, "spreadsheet": spreadsheet,
              "image": image, "audio": audio, "video": video, "model3d": model3d}

def main():
    only = set(sys.argv[1:])
    for cat, make in CATEGORIES.items():
        if only and cat not in only: continue
        d = OUT / cat
        shutil.rmtree(d, ignore_errors=True); d.mkdir(parents=True)
        with tempfile.TemporaryDirectory() as tmp:
            for i, t in enumerate(topics()): make(t, i, d, Path(tmp))
        print(f"{cat}: {len(list(d.iterdir()))} files")

if __name__ == "__main__":
    main()
