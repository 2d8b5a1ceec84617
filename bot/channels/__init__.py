"""Custom Rasa input channels: Telegram (python-telegram-bot) and the web widget relay."""
