"""Generated tariff pages for the benchmarks: realistic shapes, seeded, no network.

Each page is an operator's tariff page in HTML: a heading, a paragraph or two
of prose with prices, and a table of plans (sometimes with a merged operator
cell), padded with ordinary page furniture so sizes range from a few KB to a
few hundred KB.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

OPERATORS = [("中国移动", "移动"), ("中国联通", "联通"), ("中国电信", "电信")]
REGIONS = [
    "北京", "天津", "上海", "重庆", "河北", "山西", "辽宁", "吉林", "黑龙江", "江苏", "浙江",
    "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州",
    "云南", "陕西", "甘肃", "青海", "内蒙古", "广西", "西藏", "宁夏", "新疆",
]
CARDS = ["畅行卡", "熊猫卡", "旅游卡", "灵动卡", "短期卡", "欢迎卡", "入境卡"]
FILLER = (
    "<p>本页面资费信息仅供参考，具体以营业厅办理为准。办理需出示有效身份证件，"
    "套餐生效后不可退订，超出部分按标准资费收取。</p>\n"
)


def page(rng: random.Random, index: int, pad: int = 0) -> str:
    full, short = rng.choice(OPERATORS)
    region = rng.choice(REGIONS)
    card = rng.choice(CARDS)
    rows = []
    periods = sorted(rng.sample([3, 5, 7, 10, 15, 30], k=rng.randint(2, 5)))
    for i, days in enumerate(periods):
        price = days * rng.randint(5, 15)
        data = days * rng.choice([1, 2, 3, 4])
        minutes = rng.choice([50, 100, 200, 300])
        intl = rng.choice(["/", "100分钟", "50分钟"])
        op_cell = f'<td rowspan="{len(periods)}">{region}{short}</td>' if i == 0 else ""
        name_cell = f'<td rowspan="{len(periods)}">{card}</td>' if i == 0 else ""
        rows.append(
            f"<tr>{op_cell}{name_cell}<td>{days}天</td><td>{price}元</td>"
            f"<td>{data}GB</td><td>{minutes}分钟</td><td>{intl}</td></tr>"
        )
    prose_days = rng.choice(periods)
    body = "\n".join(rows)
    filler = FILLER * pad
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{region}{short}{card}资费 {index}</title>
<script>var tracking = {{"page": {index}}};</script><style>td {{ padding: 2px }}</style></head>
<body><nav><a href="/">首页</a> | <a href="/plans">套餐</a></nav>
<h1>{full}{region}公司推出{card}</h1>
<p>2025年{rng.randint(1, 12)}月{rng.randint(1, 28)}日，{region}{short}面向入境游客推出{card}，
其中 {prose_days} 天套餐的费用为 {prose_days * 10} 元，包含 {prose_days * 2}GB 国内流量。</p>
<table><tr><th>运营商</th><th>套餐名</th><th>有效期</th><th>资费</th><th>境内流量</th>
<th>境内语音</th><th>境外语音</th></tr>
{body}
</table>
{filler}<footer>版权所有 {full}</footer></body></html>
"""


def pages(count: int, seed: int = 7) -> Iterator[tuple[str, bytes]]:
    """Yield (uri, bytes) for `count` pages from a few KB to a few hundred KB."""
    rng = random.Random(seed)
    for index in range(count):
        pad = rng.choice([0, 0, 2, 5, 20, 60]) if index % 50 else 1500
        yield f"https://example.test/tariffs/{index}.html", page(rng, index, pad).encode("utf-8")
