import newssift
from newssift import Article

TEXT = "The council met on Tuesday and approved the plan after a long debate about schools and roads."


def test_url_argument_names_the_outlet_of_mapping_and_article_input():
    from_mapping = newssift.analyze({"text": TEXT, "url": "https://www.cnn.com/a"}, url="https://amp.foxnews.com/x")
    assert (from_mapping.article.outlet, from_mapping.article.host) == ("foxnews.com", "amp.foxnews.com")
    from_article = newssift.analyze(Article(text=TEXT, url="https://www.cnn.com/a", outlet="cnn.com"),
                                    url="https://www.bbc.co.uk/news/1")
    assert from_article.article.outlet == "bbc.co.uk"
    assert from_article.analyzers["source"].result["rated"] is True
