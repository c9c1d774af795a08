"""One calendar of the park's activities: promotion events, trainings, mentoring, party and group activities, brand campaigns (6.2, 6.4–6.7)."""
