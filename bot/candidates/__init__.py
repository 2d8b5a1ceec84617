"""The candidate's journey: intake, check-ins and follow-ups, scheduling, trajecten, linking,
privacy and the figures per region.
"""
