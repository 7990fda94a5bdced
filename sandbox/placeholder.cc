// placeholder: replaced when the library gets real sources
