"""The board service of the MMC platform: Leadership Board governance.

Seats and 2-year terms of the Board mayors, vacancies, nominations from cities' leadership,
selection rounds voted by the Board and the supporting partners (with each nominee's effect on
the Board's diversity), and Board meetings on record. The rules live in
:mod:`mmc_board.domain`, free of I/O.
"""
