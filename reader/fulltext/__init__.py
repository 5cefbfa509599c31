"""Full article text for feeds that send a teaser: pages fetched after the feeds, then extracted."""
