"""The two ways out of LibreOffice's Korean autospace, measured in one running soffice.

    /usr/bin/python3 bench/korean_uno.py DECK.pptx [RUNS]     # needs python3-uno

1. plain: load the PPTX, export PDF (the gap stays);
2. UNO: load, set ParaIsCharacterDistance=false on every paragraph, export PDF;
3. flat ODP (what infokit does): load, store FODP, autospace off, load it, export PDF.

All three in the same soffice instance over UNO, alternating run by run, so the
figures compare conversion work only (no start-up). infokit uses the flat-ODP route
because it needs only soffice's command line, so it also works on unoserver farms and
with any LibreOffice install; the UNO route needs LibreOffice's own Python.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def prop(name: str, value: object) -> Any:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe: str) -> Any:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(300):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:  # not listening yet
            time.sleep(0.1)
    sys.exit("soffice did not start")


def no_autospace(doc: Any) -> None:
    for i in range(doc.DrawPages.Count):
        page = doc.DrawPages.getByIndex(i)
        shapes = [page.getByIndex(j) for j in range(page.Count)]
        while shapes:
            shape = shapes.pop()
            if shape.supportsService("com.sun.star.drawing.GroupShape"):
                shapes.extend(shape.getByIndex(j) for j in range(shape.Count))
            elif shape.supportsService("com.sun.star.drawing.Text"):
                paragraphs = shape.createEnumeration()
                while paragraphs.hasMoreElements():
                    paragraphs.nextElement().setPropertyValue("ParaIsCharacterDistance", False)


def main() -> None:
    src, runs = os.path.abspath(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 7
    work = tempfile.mkdtemp(prefix="infokit-bench-uno-")
    pipe = f"infokit-bench-{os.getpid()}"
    soffice = subprocess.Popen(
        ["soffice", f"-env:UserInstallation=file://{work}/profile", "--headless", "--invisible",
         "--nologo", "--norestore", "--nodefault", f"--accept=pipe,name={pipe};urp;"],
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        desktop = connect(pipe)

        def load(path: str) -> Any:
            url = uno.systemPathToFileUrl(path)
            return desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))

        def export(doc: Any, out: str, filter_name: str = "impress_pdf_Export") -> None:
            doc.storeToURL(uno.systemPathToFileUrl(out), (prop("FilterName", filter_name),))
            doc.close(True)

        def plain(out: str) -> None:
            export(load(src), out)

        def with_uno(out: str) -> None:
            doc = load(src)
            no_autospace(doc)
            export(doc, out)

        def flat_odp(out: str) -> None:
            flat = out + ".fodp"
            export(load(src), flat, "OpenDocument Presentation Flat XML")
            with open(flat, "rb") as f:
                data = f.read()
            with open(flat, "wb") as f:
                f.write(data.replace(b'text-autospace="ideograph-alpha"', b'text-autospace="none"'))
            export(load(flat), out)

        ways = {"plain": plain, "UNO ParaIsCharacterDistance": with_uno, "flat ODP (infokit)": flat_odp}
        times: dict[str, list[float]] = {name: [] for name in ways}
        plain(f"{work}/warm.pdf")
        for n in range(runs):
            for name, way in ways.items():
                started = time.perf_counter()
                way(f"{work}/{n}-{len(times[name])}-{name[:4]}.pdf")
                times[name].append(time.perf_counter() - started)
        base = statistics.median(times["plain"])
        print(f"runs: {runs}, deck: {os.path.basename(src)} (medians, one warm soffice)")
        for name, values in times.items():
            median = statistics.median(values)
            print(f"{name:28s}: {median:.3f} s  (+{median - base:.3f} s, ratio {median / base:.2f})")
    finally:
        os.killpg(soffice.pid, 9)
        soffice.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
