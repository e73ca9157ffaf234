"""The 数据交换 page's parts (issue 6): town panel, district panel, dialogs, file helpers."""
