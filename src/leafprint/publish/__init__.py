"""What is handed out: the publication rules, catalog, web editions, notices, posters,
thumbnails, and the reports (status, review pack, link check). Imports every stage below.
"""
