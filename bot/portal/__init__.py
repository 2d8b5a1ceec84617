"""The portal (aiohttp): the web widget's pages and API; later the jobcoach dashboard."""
