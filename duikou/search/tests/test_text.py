"""The tokens stored and the terms looked for (pure Python: the same on both databases)."""

from ..text import fts5_query, highlight, index_tokens, plain_snippet, query_terms, tsquery


def test_the_index_holds_every_bigram_and_the_jieba_words():
    tokens = index_tokens("新能源汽车，ＡＢＣ-１２３").split()
    assert tokens[:4] == ["新能", "能源", "源汽", "汽车"]  # in order: a substring is a phrase of them
    assert {"abc", "123", "新能源"} <= set(tokens)
    assert index_tokens("——！") == ""


def test_a_query_is_cut_into_words_each_a_substring():
    assert [t.text for t in query_terms("哈尔滨的新能源汽车")] == ["哈尔滨", "新能源", "汽车"]  # 的 dropped
    assert [t.text for t in query_terms("园")] == ["园"] and query_terms("园")[0].prefix
    assert query_terms(" ，。！？") == [] and query_terms("") == []
    terms = query_terms("新能源 2024")
    assert fts5_query(terms) == '("新能 能源" OR "新能源") AND "2024"*'
    assert tsquery(terms) == "('新能' <-> '能源' | '新能源') & '2024':*"


def test_query_syntax_cannot_be_injected():
    for query in ['" OR 1', "' | !x", "a:* & b", "NEAR(a b)", "*", "汽车\" OR \"园区"]:
        for term in query_terms(query):
            assert all(token.isalnum() for token in term.phrase), term


def test_snippets_mark_the_words_and_escape_the_rest():
    text = "第一行<script>\n" + "甲" * 200 + "冷链物流" + "乙" * 200
    html = str(highlight(text, query_terms("冷链"), width=40))
    assert html.startswith("…") and html.endswith("…") and "<mark>冷链</mark>" in html
    assert str(highlight("a<b>汽车", query_terms("汽车"))) == "a&lt;b&gt;<mark>汽车</mark>"
    assert plain_snippet("甲\n乙 汽车", query_terms("汽车")) == "甲 · 乙 汽车"
