"""The dashboard's fixed words in Chinese; English is the key itself.

Operator and region names come from the operator registry
(`extract.operators.operator_label` / `region_label`), not from here.
"""

from __future__ import annotations

LANGS = ("zh", "en")
ZH = {
    "Tariffs": "资费",
    "Plans": "套餐",
    "Compare": "比价",
    "Moves": "动态",
    "Operators": "运营商",
    "Sources": "来源",
    "Upload": "上传",
    "Briefing": "简报",
    "API": "接口",
    "Log in": "登录",
    "Log out": "退出",
    "User name": "用户名",
    "Token": "令牌",
    "Log in with your user name and one of your API tokens.": "请用用户名和您的一个 API 令牌登录。",
    "Operator": "运营商",
    "Region": "地区",
    "Audience": "对象",
    "Name": "名称",
    "Price": "价格",
    "Days": "天数",
    "days": "天",
    "Data": "流量",
    "Minutes": "通话分钟",
    "Intl min": "国际分钟",
    "SMS": "短信",
    "Perks": "权益",
    "Quote": "原文",
    "Evidence": "证据",
    "Review": "审核",
    "awaiting review": "条待审核",
    "Keys": "快捷键",
    "move": "上下移动",
    "accept": "确认",
    "edit": "修改",
    "saves": "保存",
    "reject": "驳回",
    "Confidence": "置信度",
    "Flags": "存疑之处",
    "Why": "理由",
    "Save correction": "保存修改",
    "Accept": "确认无误",
    "Reject": "驳回",
    "Nothing to review.": "暂无待审核的内容。",
    "plan": "套餐",
    "event": "事件",
    "figure": "数据",
    "All": "全部",
    "Filter": "筛选",
    "On date": "日期",
    "plans": "个套餐",
    "Previous": "上一页",
    "Next": "下一页",
    "unlimited": "不限量",
    "History": "历史",
    "Valid from": "生效",
    "Valid to": "截止",
    "current": "在售",
    "Basket": "用量篮子",
    "or a need": "或自定义需求",
    "Cost": "费用",
    "Overage": "超出费用",
    "Bought": "购买",
    "Cheapest options": "最便宜的方案",
    "No plan covers this need.": "没有套餐能满足该需求。",
    "Since": "自",
    "Until": "至",
    "Plan changes": "套餐变化",
    "Competitor moves": "竞争动态",
    "Date": "日期",
    "Kind": "类型",
    "Domain": "领域",
    "Change": "变化",
    "Sentence": "原句",
    "Events": "事件",
    "Partners": "合作方",
    "Money announced": "公布金额",
    "Activity": "活跃度",
    "Quarter": "季度",
    "Latest move": "最新动作",
    "URL": "网址",
    "Every": "频率",
    "Last fetch": "上次抓取",
    "Status": "状态",
    "Add": "添加",
    "Fetch now": "立即抓取",
    "Remove": "删除",
    "never": "从未",
    "failed": "失败",
    "Upload a document": "上传文件",
    "HTML, PDF, XLSX, CSV, Markdown or text.": "支持 HTML、PDF、XLSX、CSV、Markdown 或文本。",
    "Extracted": "提取结果",
    "Figures": "市场数据",
    "Measure": "指标",
    "Value": "数值",
    "Unit": "单位",
    "Year": "年份",
    "Document": "文件",
    "Write a briefing": "生成简报",
    "Language": "语言",
    "Format": "格式",
    "Download": "下载",
    "Your role cannot do this.": "您的角色无权执行此操作。",
    "Error": "错误",
    "Operations": "接口列表",
    "Signed in as": "当前用户",
    "Nothing yet.": "暂无数据。",
    "Sort": "排序",
    "Profile": "概况",
    "Captured": "抓取时间",
}


AUDIENCES = {  # the audience ids of data/headers.toml
    "inbound_visitors": ("入境来宾", "Inbound visitors"),
    "students": ("学生", "Students"),
    "seniors": ("长者", "Seniors"),
    "family": ("家庭", "Families"),
}


def gettext(lang: str) -> dict[str, str]:
    return ZH if lang == "zh" else {}


def label(lang: str, text: str) -> str:
    return gettext(lang).get(text, text)


def audience_label(lang: str, audience: str | None) -> str:
    """An audience id as people say it; an id the table does not know is shown as it is."""
    if not audience:
        return ""
    names = AUDIENCES.get(audience)
    return audience if names is None else names[0 if lang == "zh" else 1]
