"""Development tools outside the running assistant: evaluation, benchmarks, the NLU builder and
the knowledge check. The assistant never imports them.
"""
