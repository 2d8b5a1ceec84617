"""Knowledge answering: the curated knowledge base, retrieval, facets, who pays what, case facts,
the quick-check's rules, regions and gaps.
"""
