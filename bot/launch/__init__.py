"""What starting the processes needs besides supervising them (bot/run.py): free ports and
readiness probes (`ports`), and the Rasa files written per start (`rasa_files`)."""
