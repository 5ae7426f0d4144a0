"""Write the demo corpus' binary sources: a PDF price list and an XLSX sheet.

The generated files are committed under src/telcoradar/data/demo/; this script
is how they were made. Run it from the repository root:

    python tests/jobs/make_demo_binaries.py [OUTPUT_DIR]
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "src" / "telcoradar" / "data" / "demo"

HEADER = ("套餐名", "有效期", "资费", "境内流量", "境内语音", "境外语音")

# 浙江联通 浙江旅游卡: the March list has a 3-day trial card that the May list drops,
# and the May list adds an 11-day plan.
ZHEJIANG = {
    "2025-03": [
        ("浙江旅游体验卡", "3天", "39元", "10GB", "50分钟", "/"),
        ("浙江旅游卡", "7天", "79元", "18GB", "100分钟", "100分钟"),
        ("浙江旅游卡", "15天", "159元", "40GB", "300分钟", "100分钟"),
        ("浙江旅游卡", "30天", "259元", "80GB", "400分钟", "100分钟"),
    ],
    "2025-05": [
        ("浙江旅游卡", "7天", "79元", "18GB", "100分钟", "100分钟"),
        ("浙江旅游卡", "11天", "109元", "25GB", "200分钟", "100分钟"),
        ("浙江旅游卡", "15天", "159元", "40GB", "300分钟", "100分钟"),
        ("浙江旅游卡", "30天", "259元", "80GB", "400分钟", "100分钟"),
    ],
}
ZHEJIANG_DATES = {"2025-03": "2025年3月8日", "2025-05": "2025年5月11日"}

# 江西移动 畅行卡: the 7-day price falls from 80 to 70 yuan.
JIANGXI = {
    "2025-03": [
        ("畅行卡", "7天", 80, "30GB", "100分钟", "100分钟"),
        ("畅行卡基础版", "7天", 50, "30GB", "100分钟", "/"),
        ("畅行卡基础版", "15天", 80, "40GB", "200分钟", "/"),
        ("畅行卡基础版", "30天", 150, "50GB", "300分钟", "/"),
    ],
    "2025-05": [
        ("畅行卡", "7天", 70, "30GB", "100分钟", "100分钟"),
        ("畅行卡基础版", "7天", 50, "30GB", "100分钟", "/"),
        ("畅行卡基础版", "15天", 80, "40GB", "200分钟", "/"),
        ("畅行卡基础版", "30天", 150, "50GB", "300分钟", "/"),
    ],
}


def write_pdf(path: Path, snapshot: str) -> None:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    title = ParagraphStyle("title", fontName="STSong-Light", fontSize=16, leading=22)
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=16)
    doc = SimpleDocTemplate(
        str(path), pagesize=A4, invariant=1, title="浙江联通浙江旅游卡资费表", author="浙江联通"
    )
    table = Table([HEADER, *ZHEJIANG[snapshot]])
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), "STSong-Light"),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
            ]
        )
    )
    doc.build(
        [
            Paragraph("浙江联通 浙江旅游卡 资费表", title),
            Paragraph(f"生效日期：{ZHEJIANG_DATES[snapshot]}", body),
            Paragraph("适用对象：入境外籍来宾及港澳台旅客，凭护照或通行证在浙江联通营业厅办理。", body),
            Spacer(1, 8),
            table,
            Spacer(1, 8),
            Paragraph("以上资费为一次性支付，有效期满自动停机。", body),
        ]
    )


def write_xlsx(path: Path, snapshot: str) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "入境短期卡"
    ws.append(["江西移动 入境短期卡资费表（外籍来宾）"])
    ws.append(["运营商", *HEADER])
    for name, period, price, data, voice, intl in JIANGXI[snapshot]:
        ws.append(["江西移动", name, period, price, data, voice, intl])
    stamp = dt.datetime(2025, 3, 9) if snapshot == "2025-03" else dt.datetime(2025, 5, 13)
    wb.properties.creator = "江西移动"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.save(path)


def write_all(root: Path = DEMO) -> list[Path]:
    written = []
    for snapshot in ("2025-03", "2025-05"):
        folder = root / snapshot
        folder.mkdir(parents=True, exist_ok=True)
        pdf = folder / "zhejiang-unicom-tourist-card.pdf"
        xlsx = folder / "jiangxi-mobile-price-list.xlsx"
        write_pdf(pdf, snapshot)
        write_xlsx(xlsx, snapshot)
        written += [pdf, xlsx]
    return written


if __name__ == "__main__":
    for written_path in write_all(Path(sys.argv[1]) if len(sys.argv) > 1 else DEMO):
        print(written_path)
