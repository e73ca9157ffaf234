"""The year's plan on screen: the catalogue editor, the allocation grid, the 待办 board."""
