# The two commands of the README:
#   make book   set up .venv and build the HTML book (executing every chapter), and its Korean edition
#               beside it in _build/html/ko (with the English chapters' outputs: the code is the same)
#   make test   set up .venv (and Chromium for the browser test) and run the whole test suite
# and for lecturers:
#   make student   write student versions of every chapter into student/ and student/ko/ (nbgrader's ClearSolutions)
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: book test setup browser student clean
setup:
	@bash tools/setup.sh

book: setup
	$(BIN)/jupyter-book build . --keep-going
	$(BIN)/python tools/i18n.py build --outputs-from _build/jupyter_execute --html _build/html/ko
	@echo "The book is at $(CURDIR)/_build/html/index.html (한국어판: $(CURDIR)/_build/html/ko/index.html)"

browser:
	@bash tools/setup_browser.sh >/dev/null || echo "warning: no Chromium; tests/test_browser.py will fail" >&2

test: setup browser
	$(BIN)/python -m pytest

student: setup
	$(BIN)/python tools/student.py --out student

clean:
	rm -rf _build student
