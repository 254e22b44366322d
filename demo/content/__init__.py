"""Demo content: what a real CX manager would write for a restaurant chain and a bank.

Built from the method in ../shared/seeds (moments of truth, iron vs master behaviours,
"what is priceless for our customers"). One module per organization, and the
translations of both.
"""
