## Shared button labels.

common-back = ◀ قايتىش
common-menu = ☰ تىزىملىك
common-cancel = بىكار قىلىش
