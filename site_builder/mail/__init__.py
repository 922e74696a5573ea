"""E-mail to subscribers after a publication (`python build.py udsend`): subscriptions (topics
and what is new) -> render (one mail per topic) -> send (SMTP, exactly once) ; udsend runs
them in order.
"""
