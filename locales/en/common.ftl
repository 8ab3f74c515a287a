## Shared button labels.

common-back = ◀ Back
common-menu = ☰ Menu
common-cancel = Cancel
