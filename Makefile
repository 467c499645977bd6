# The two commands of the README:
#   make book   set up .venv and build the HTML book (executing every chapter)
#   make test   set up .venv and run the whole test suite
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: book test setup clean
setup:
	@bash tools/setup.sh

book: setup
	$(BIN)/jupyter-book build . --keep-going
	@echo "The book is at $(CURDIR)/_build/html/index.html"

test: setup
	$(BIN)/python -m pytest

clean:
	rm -rf _build
