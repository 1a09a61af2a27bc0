"""What a build will make and where it runs: the plan of jobs with their cache keys, the
runners, progress, and loaded leaflets kept between builds. Imports the stages above.
"""
