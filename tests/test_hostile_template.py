"""Issue 13 item 3: a template cannot exhaust memory or time inside the sandbox.

Each case once took gigabytes or minutes; now each is refused with a Vietnamese message that
names the field. The whole set also runs in a child process limited to 512 MB of address space.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from docgen.errors import DocgenError
from docgen.templating import MAX_TEXT, evaluate, render_string

ATTACKS = [
    "{{ 'a'|center(10**9) }}",
    "{{ 'a'.ljust(10**9) }}",
    "{{ 'a'.rjust(10**9) }}",
    "{{ '{:>1000000000}'.format('a') }}",
    "{{ '{:>{w}}'.format('a', w=10**9) }}",
    "{{ '%1000000000d'|format(1) }}",
    "{{ '%*d' % (1000000000, 1) }}",
    "{{ 'a'.zfill(2000000000) }}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{{ ((10**1000)**1000)**1000 }}",
    "{{ 9**999 * 9**999 * 9**999 * 9**999 }}",
    "{{ 'a'*1000000 ~ 'a'*1000000 }}",
    "{{ 'a'*600000 + 'a'*600000 }}",
    "{% set ns = namespace(x='a') %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}"
    "{% endfor %}{{ ns.x|length }}",
    "{% macro a(n) %}{% if n %}{{ a(n-1) }}{{ a(n-1) }}{% else %}xxxxxxxxxx{% endif %}"
    "{% endmacro %}{{ a(30) }}",
    "{{ ('a'*1000000).replace('a', 'bb') }}",
    "{{ ('a'*100000)|replace('a', 'b'*100) }}",
    "{{ ('x'*1000000).join(range(1000)) }}",
    "{{ range(100000)|join('x'*1000) }}",
    "{{ 'a'.translate({97: 'x'}) }}",
    "{{ 'abc'|indent('x'*1000000) }}",
    "{{ range(3)|batch(10**9, 'x')|list }}",
    "{{ range(3)|slice(10**9)|list }}",
    "{{ lipsum(10**9) }}",
    "{% for x in range(100000) recursive %}{% if loop.depth < 3 %}{{ loop(range(100000)) }}"
    "{% endif %}{% endfor %}",
    "{{ 'ab'|wordwrap(1, wrapstring='x'*1000000) }}",
    "{% for i in range(2000) %}{{ 'x' * 1000 }}{% endfor %}",
]


@pytest.mark.parametrize("source", ATTACKS)
def test_sandbox_bounds_every_way_to_build_big_output(source: str) -> None:
    with pytest.raises(DocgenError) as error:
        render_string(source, {}, file="don.yaml", line=7, field="noi_dung")
    problem = error.value.problems[0]
    assert problem.field == "noi_dung" and problem.file == "don.yaml"
    assert any(word in problem.message for word in ("giới hạn", "không được phép", "chưa có"))


def test_limit_message_names_the_limit_in_vietnamese() -> None:
    with pytest.raises(DocgenError) as error:
        render_string("{{ 'a'|center(10**9) }}", {}, field="trich_yeu")
    text = str(error.value)
    assert "trường trich_yeu" in text
    assert "vượt giới hạn an toàn" in text and "1.000.000" in text


def test_expressions_are_bounded_too() -> None:
    with pytest.raises(DocgenError, match="giới hạn"):
        evaluate("'a'.center(10**9)", {})
    with pytest.raises(DocgenError, match="giới hạn"):
        evaluate("(10**1000)**1000", {})


def test_ordinary_templates_still_work() -> None:
    source = ("{{ '{:,}'.format(1500000000) }}|{{ 'a'|center(5) }}|{{ range(5)|join(',') }}|"
              "{% for i in range(3) %}{{ i }}{% endfor %}|{{ 'mã %d' % 5 }}|{{ 2**10 }}|"
              "{{ 'x' * 3 }}|{{ 'Ab'.upper() }}|{{ 'a-b'.replace('-', '/') }}")
    assert render_string(source, {}) == \
        "1,500,000,000|  a  |0,1,2,3,4|012|mã 5|1024|xxx|AB|a/b"
    assert len(render_string("{{ 'a' * n }}", {"n": MAX_TEXT})) == MAX_TEXT


def test_attacks_stay_within_512_mb_and_a_few_seconds() -> None:
    script = textwrap.dedent(f"""
        import resource, time
        resource.setrlimit(resource.RLIMIT_AS, (512 << 20, 512 << 20))
        from docgen.errors import DocgenError
        from docgen.templating import render_string
        for source in {ATTACKS!r}:
            try:
                render_string(source, {{}}, field="noi_dung")
            except DocgenError:
                pass
            else:
                raise SystemExit("not refused: " + source)
        print("ok")
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
