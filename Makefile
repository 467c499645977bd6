# The two commands of the README:
#   make book   set up .venv and build the HTML book (executing every chapter)
#   make test   set up .venv (and Chromium for the browser test) and run the whole test suite
# and for lecturers:
#   make student   write student versions of every chapter into student/ (nbgrader's ClearSolutions)
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: book test setup browser student clean
setup:
	@bash tools/setup.sh

book: setup
	$(BIN)/jupyter-book build . --keep-going
	@echo "The book is at $(CURDIR)/_build/html/index.html"

browser:
	@bash tools/setup_browser.sh >/dev/null || echo "warning: no Chromium; tests/test_browser.py will fail" >&2

test: setup browser
	$(BIN)/python -m pytest

student: setup
	$(BIN)/python tools/student.py --out student

clean:
	rm -rf _build student
