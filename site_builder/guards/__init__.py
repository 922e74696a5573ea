"""Checks that stand between the editors' files and the public: privacy (CPR numbers, health
data, small numbers), links, the editor's warnings and decisions, and the publishing gate
that reads every built file as a reader would (with bilag_text for the bilag).
"""
