"""Paper output: the registration form and the class list, as A4 PDFs in the shipped font."""
