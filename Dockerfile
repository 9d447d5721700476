# syntax=docker/dockerfile:1
# briefgen in a container. Build it from this folder:   docker build -t briefgen .
# then run it in a folder that holds content/ (the PDFs go to output/, as the files of the user who runs it):
#   docker run --rm -v "$PWD:/work" -u "$(id -u):$(id -g)" briefgen                 # briefgen build
#   docker run --rm -v "$PWD:/work" -u "$(id -u):$(id -g)" briefgen check --strict  # any other command
# The fonts are in the wheel and every dependency ships as a wheel: nothing is installed but Python packages.

# 1. the wheel, built from the files it is made of
FROM python:3.11-slim-bookworm AS wheel
WORKDIR /src
COPY pyproject.toml README.md ./
COPY src/ src/
COPY fonts/ fonts/
RUN pip wheel --no-cache-dir --no-deps --disable-pip-version-check --wheel-dir /wheels .

# 2. the image: Python, briefgen and its dependencies, and nothing else (the wheel is mounted, not copied)
FROM python:3.11-slim-bookworm
RUN --mount=type=bind,from=wheel,source=/wheels,target=/wheels \
    pip install --no-cache-dir --disable-pip-version-check /wheels/*.whl
# matplotlib needs a writable folder for its settings, whatever user runs the container
ENV MPLCONFIGDIR=/tmp/matplotlib
WORKDIR /work
ENTRYPOINT ["briefgen"]
CMD ["build"]
