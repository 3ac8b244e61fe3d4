"""--fix where other options, other inputs and the file system have a say: suppressions, baselines, --select,
standard input; HTML, Markdown, label files and subtitles; a directory that takes no new file, a full disk, a
file with other names; and many files fixed in two processes.

The mechanics of choosing and applying fixes are in test_fix.py.
"""

from __future__ import annotations

import errno
import os
import pathlib
import random
import shutil
import tempfile

import pytest

from audit.fixer import fix_text

TONES = "我喜欢看书(shǔ)。\n你好(ní hǎo)，很高兴认识你。\n这个(zhè gè)苹果很甜。\n"
NI_HAO_FIXED = TONES.replace("ní hǎo", "nǐ hǎo")  # the one safe fix (T402); 书(shǔ)'s T401 is unsafe


def write(path, text: str):
    path.write_bytes(text.encode("utf-8"))  # line breaks as given
    return path


def read(path) -> str:
    return path.read_bytes().decode("utf-8")


# -- what the other options leave out is not fixed ------------------------------------


def test_a_suppressed_finding_is_not_fixed_and_the_others_are(cli, tmp_path):
    lesson = write(tmp_path / "lesson.txt", "# pinyin-audit: disable-next-line=T402 -- quoted as printed\n"
                                            "你好(ní hǎo)，很高兴认识你。\n看书(shǔ)。\n")
    code, out, err = cli("check", "--fix", "--unsafe-fixes", str(lesson))
    assert read(lesson) == "# pinyin-audit: disable-next-line=T402 -- quoted as printed\n你好(ní hǎo)，很高兴认识你。\n看书(shū)。\n"
    assert code == 0 and "T40" not in out and "fixed 1 finding in 1 file; 0 remain" in err


@pytest.mark.parametrize("options, fixed", [
    (["--select", "T401"], TONES),                             # T402 not selected: its fix is not made
    (["--ignore", "T402"], TONES),
    (["--select", "T401", "--unsafe-fixes"], TONES.replace("shǔ", "shū")),
    (["--ignore", "T401", "--unsafe-fixes"], NI_HAO_FIXED),
])
def test_select_and_ignore_limit_the_fixes_as_they_limit_the_findings(cli, tmp_path, options, fixed):
    lesson = write(tmp_path / "lesson.txt", TONES)
    cli("check", "--fix", *options, str(lesson))
    assert read(lesson) == fixed


@pytest.mark.parametrize("options", [["--select", "T401"], ["--ignore", "R302"]])
def test_a_fix_that_would_bring_a_finding_of_a_rule_not_selected_is_left_out(cli, tmp_path, options):
    """The selection decides what is reported and fixed, not what is safe to write: cháng, T401's fix of chàng, is
    a reading 长 has, but R302 (left out of the run) says 长大 reads zhǎng here."""
    lesson = write(tmp_path / "lesson.txt", "孩子们慢慢长大(chàng dà)了。\n")
    code, out, err = cli("check", "--fix", "--unsafe-fixes", *options, str(lesson))
    assert read(lesson) == "孩子们慢慢长大(chàng dà)了。\n"
    assert "T401" in out and "R302" not in out
    assert (f"{lesson}:1:8: note: the fix of T401 wrong-tone is left out: it would bring R302 "
            "wrong-reading-in-context on line 1") in err.splitlines()


def test_a_fix_that_would_bring_a_suppressed_finding_is_left_out(cli, tmp_path):
    lesson = write(tmp_path / "lesson.txt", "# pinyin-audit: disable-next-line=R302 -- quoted as printed\n"
                                            "孩子们慢慢长大(chàng dà)了。\n")
    code, out, err = cli("check", "--fix", "--unsafe-fixes", str(lesson))
    assert read(lesson).endswith("孩子们慢慢长大(chàng dà)了。\n") and "it would bring R302" in err


def test_with_a_baseline_fix_corrects_the_known_findings_too_and_counts_what_remains_as_the_baseline_does(
        cli, tmp_path):
    lesson = write(tmp_path / "lesson.txt", TONES)
    baseline = tmp_path / "baseline.json"
    assert cli("check", str(lesson), "--write-baseline", str(baseline))[0] == 0
    write(lesson, TONES + "你好(ní hǎo)，再见。\n")  # a new finding, as the known one on line 2
    code, out, err = cli("check", "--fix", "--baseline", str(baseline), str(lesson))
    assert read(lesson) == NI_HAO_FIXED + "你好(nǐ hǎo)，再见。\n"
    assert code == 0 and "T4" not in out
    # 书(shǔ), known, is all that remains: not shown, so not counted as fixable either
    assert "fixed 2 findings in 1 file; 0 remain\n" in err
    assert f"1 baseline finding gone (refresh the baseline with --write-baseline):\n  {lesson}: T402" in err


def test_fix_on_standard_input_prints_the_fixed_text_and_the_report_on_standard_error(cli, tmp_path, monkeypatch):
    import io
    import sys

    baseline = tmp_path / "baseline.json"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TONES.encode())))
    cli("check", "-", "--stdin-filename", "lesson.txt", "--write-baseline", str(baseline))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TONES.encode())))
    code, out, err = cli("check", "--fix", "-", "--stdin-filename", "lesson.txt", "--baseline", str(baseline))
    assert (code, out) == (0, NI_HAO_FIXED)
    assert "lesson.txt: 3 glosses" in err and "fixed 1 finding in 1 file; 0 remain" in err


# -- every input kind: only the gloss changes --------------------------------------------


def test_html_ruby_is_fixed_inside_rt_and_nested_spans_and_entities_are_left_as_written(cli, tmp_path):
    page = write(tmp_path / "page.html", '<p><ruby>你<rt>ní</rt>好<rt>hǎo</rt></ruby>，'
                                         '<ruby>看<rt>k&agrave;n</rt>书<rt><span class="t">shǔ</span></rt></ruby>，'
                                         '<span>你好(ní hǎo)</span> &amp; <code>你好(ní hǎo)</code></p>\n')
    cli("check", "--fix", "--unsafe-fixes", str(page))
    assert read(page) == ('<p><ruby>你<rt>nǐ</rt>好<rt>hǎo</rt></ruby>，'
                          '<ruby>看<rt>k&agrave;n</rt>书<rt><span class="t">shū</span></rt></ruby>，'
                          '<span>你好(nǐ hǎo)</span> &amp; <code>你好(ní hǎo)</code></p>\n')


def test_markdown_code_spans_and_link_targets_are_untouched_and_a_link_s_text_is_fixed(cli, tmp_path):
    notes = write(tmp_path / "notes.md", "见 `你好(ní hǎo)` 与 [你好(ní hǎo)](https://example.org/你好(ní-hǎo))。\n\n"
                                         "```\n你好(ní hǎo)\n```\n\n**你好(ní hǎo)**\n")
    cli("check", "--fix", str(notes))
    assert read(notes) == ("见 `你好(ní hǎo)` 与 [你好(nǐ hǎo)](https://example.org/你好(ní-hǎo))。\n\n"
                           "```\n你好(ní hǎo)\n```\n\n**你好(nǐ hǎo)**\n")


def test_label_files_are_fixed_on_the_syllables_only_keeping_tabs_and_ids(cli, tmp_path):
    biaobei = write(tmp_path / "000001-labels.txt", "000001\t我喜欢#1看书#4。\n\two3 xi3 huan1 kan4 shu3\n"
                                                    "000002\t你好#4。\n\tni2 hao3\n")
    aishell = write(tmp_path / "content.txt", "SSB00050001.wav\t广 guang3 州 zhou1 看 kan4 书 shu3\n"
                                              "SSB00050002.wav\t看 kan4 书 shu1\n")
    cli("check", "--fix", "--unsafe-fixes", str(biaobei), str(aishell))
    assert read(biaobei) == "000001\t我喜欢#1看书#4。\n\two3 xi3 huan1 kan4 shu1\n000002\t你好#4。\n\tni2 hao3\n"
    assert read(aishell) == "SSB00050001.wav\t广 guang3 州 zhou1 看 kan4 书 shu1\nSSB00050002.wav\t看 kan4 书 shu1\n"


@pytest.mark.parametrize("name, before", [
    ("lesson.srt", "1\r\n00:00:01,000 --> 00:00:02,500\r\n你好(ní hǎo)，看书(shǔ)。\r\n\r\n"
                   "2\r\n00:00:03,000 --> 00:00:04,000\r\n再见(zài jiàn)\r\n"),
    ("lesson.vtt", "WEBVTT\n\n00:01.000 --> 00:02.500 align:start\n<v 老师>你好(ní hǎo)，<b>看书(shǔ)</b>。\n\n"
                   "cue-2\n00:00:03.000 --> 00:00:04.000\n再见(zài jiàn)\n"),
])
def test_subtitles_are_fixed_in_their_cues_and_keep_timings_and_line_breaks(cli, tmp_path, name, before):
    subtitles = write(tmp_path / name, before)
    cli("check", "--fix", "--unsafe-fixes", str(subtitles))
    assert read(subtitles) == before.replace("ní hǎo", "nǐ hǎo").replace("shǔ", "shū")


# -- fixes that only hold together ------------------------------------------------------


@pytest.mark.parametrize("text", [
    "你好(ni2 hǎo)。\n你好(ní hǎo)。\n",   # each alone would leave the other gloss of 你好 different (C602)
    "你好(ni2 hǎo)，你好(ní hǎo)。\n",    # the same, the same fix twice on one line
])
def test_fixes_each_left_out_alone_are_made_together_in_one_run(text):
    """Respelling ni2 in marks waits for no other fix; the sandhi fixes of both glosses would each, alone, make
    the two glosses of one word differ: made together, they do not, and a second run has nothing left."""
    outcome = fix_text(text, "lesson.txt")
    assert outcome.text == text.replace("ni2", "nǐ").replace("ní", "nǐ")
    assert not outcome.remaining and not outcome.withheld


def test_a_fix_left_out_has_its_turn_again_once_other_fixes_rewrote_its_gloss(cli, tmp_path):
    """非(fēi de5): dropping fēi, the syllable before 非's own, would leave de on 非, a gloss of 的 (A202), so S101
    offers no drop; the tone number respelled and de corrected to fēi, the drop leaves 非(fēi) and is made in the
    same run, so that a second run has nothing left to fix."""
    lesson = write(tmp_path / "lesson.txt", "购买的(de)非(fēi de5)个性化的版本。\n")
    cli("check", "--fix", "--unsafe-fixes", str(lesson))
    assert read(lesson) == "购买的(de)非(fēi)个性化的版本。\n"
    code, out, err = cli("check", "--fix", "--unsafe-fixes", str(lesson))
    assert read(lesson) == "购买的(de)非(fēi)个性化的版本。\n" and "fixed 0 findings in 0 files" in err


def test_a_syllable_that_may_spell_the_character_before_too_is_not_cut_to_one_reading(cli, tmp_path):
    # xian may be xī'ān without the apostrophe: 西安(ān) would drop 西's reading, so both are suggested.
    lesson = write(tmp_path / "lesson.txt", "我去西安(xiān)玩。\n")
    code, out, err = cli("check", "--fix", "--unsafe-fixes", str(lesson))
    assert read(lesson) == "我去西安(xiān)玩。\n"
    assert "R301" in out and "安(ān), or 西安(xi'an) with its tones if xian spells both" in out


def test_a_syllable_after_one_of_the_character_before_is_corrected_to_its_own_reading(cli, tmp_path):
    # 西 has a syllable of its own: xian is 安's alone.
    lesson = write(tmp_path / "lesson.txt", "我去西安(xī xian)玩。\n")
    cli("check", "--fix", "--unsafe-fixes", str(lesson))
    assert read(lesson) == "我去西安(xī ān)玩。\n"


@pytest.mark.parametrize("text", [
    "他说，得(dé de)到(dào)了。\n",   # dé and de both read 得: which is too many?
    "他说，得(dé de)的。\n",          # de reads the 的 after the gloss, but may be 得's own, dé the one too many
])
def test_syllables_too_many_for_their_characters_are_not_dropped_where_those_kept_may_not_read_them(cli, tmp_path,
                                                                                                     text):
    """Dropping the first syllable, which reads nothing before the previous gloss or a stop (S101), would leave
    得(de), a reading wrong in 得到; dropping the last, 得(dé) where 得(de) may be meant."""
    lesson = write(tmp_path / "lesson.txt", text)
    code, out, err = cli("check", "--fix", "--unsafe-fixes", str(lesson))
    assert read(lesson) == text and "S101" in out
    assert "it is not sure which of" in out and "with only the syllables that read it here" in out  # nor names one


@pytest.mark.parametrize("before, after", [
    ("当时(dāng shí de5)的情况很好。\n", "当时(dāng shí)的情况很好。\n"),
    ("东(dōng)营(yíng de)的(de)德国。\n", "东(dōng)营(yíng)的(de)德国。\n"),
    ("东(dōng)营(yíng de5)的(de)德国。\n", "东(dōng)营(yíng)的(de)德国。\n"),
    ("东营(dōng yíng de)的(de)德国。\n", "东营(dōng yíng)的(de)德国。\n"),
])
def test_a_last_syllable_too_many_that_reads_the_next_character_is_dropped(cli, tmp_path, before, after):
    """The syllables but the last read the gloss's characters and the last reads the character after the gloss,
    which no character of the gloss reads: S101 drops it (dropping the first instead would leave 营(de), 时(de))."""
    lesson = write(tmp_path / "lesson.txt", before)
    code, out, err = cli("check", "--fix", "--unsafe-fixes", str(lesson))
    assert read(lesson) == after and "S101" not in out
    assert cli("check", str(lesson))[0] == 0


def test_a_syllable_too_many_is_dropped_once_those_kept_read_their_characters(cli, tmp_path):
    lesson = write(tmp_path / "lesson.txt", "他说，非(fēi de)。\n")  # de, no reading of 非, is corrected first
    code, out, err = cli("check", "--fix", "--unsafe-fixes", str(lesson))
    assert read(lesson) == "他说，非(fēi)。\n" and "S101" not in out


# -- the file system ---------------------------------------------------------------------


def _refuse_temporary_files_for(name: str, error: OSError, monkeypatch):
    """As a directory that takes no new file, or a full disk, refuses ``name``'s fix (the tests run as any user,
    root included, whom a read-only directory does not stop)."""
    made = tempfile.mkstemp

    def refuse(*args, prefix="", **kwargs):
        if prefix == f".{name}.":
            raise error
        return made(*args, prefix=prefix, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", refuse)


def test_a_directory_that_takes_no_new_file_is_said_and_the_other_files_are_fixed(cli, tmp_path, monkeypatch):
    locked, other = write(tmp_path / "locked.txt", TONES), write(tmp_path / "other.txt", TONES)
    _refuse_temporary_files_for("locked.txt", PermissionError(errno.EACCES, "Permission denied"), monkeypatch)
    code, out, err = cli("check", "--fix", str(locked), str(other))
    assert code == 2
    assert (f"{locked}: error: cannot write the fixes: Permission denied: its directory {tmp_path} takes no new "
            "file, where the new content is written before it replaces the old") in err.splitlines()
    assert (read(locked), read(other)) == (TONES, NI_HAO_FIXED)
    assert sorted(os.listdir(tmp_path)) == ["locked.txt", "other.txt"]


def test_a_full_disk_leaves_the_file_as_it_was_and_no_temporary_file(cli, tmp_path, monkeypatch):
    full = write(tmp_path / "full.txt", TONES)

    def no_space(descriptor):  # where a full disk is found at the latest: the data flushed to it
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("audit.atomic.os.fsync", no_space)
    code, _, err = cli("check", "--fix", str(full))
    assert code == 2 and f"{full}: error: cannot write the fixes: No space left on device" in err.splitlines()
    assert read(full) == TONES and os.listdir(tmp_path) == ["full.txt"]


@pytest.mark.skipif(not hasattr(os, "link"), reason="no hard links")
def test_a_file_with_other_names_is_fixed_under_the_name_given_and_says_the_others_keep_the_old_text(cli, tmp_path):
    """A rename replaces one name only: the others keep the old file (a snapshot's copy stays as it was)."""
    lesson = write(tmp_path / "lesson.txt", TONES)
    os.link(lesson, tmp_path / "snapshot.txt")
    code, _, err = cli("check", "--fix", str(lesson))
    assert read(lesson) == NI_HAO_FIXED and read(tmp_path / "snapshot.txt") == TONES
    assert (f"{lesson}: note: the file has another name (a hard link), which keeps the text as it was: the fixes "
            "go to this name only") in err.splitlines()
    assert "note:" not in cli("check", "--fix", str(lesson))[2]  # nothing left to fix, nothing parted


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_reached_also_through_a_symbolic_link_is_fixed_once_under_the_name_first_reached(
        cli, tmp_path, monkeypatch, jobs):
    """Fixed under each name, in two processes the second write found the file changed (by the first) and failed."""
    monkeypatch.setenv("PINYIN_AUDIT_PARALLEL_FROM_BYTES", "0")
    lesson = write(tmp_path / "lesson.txt", TONES)
    os.symlink("lesson.txt", tmp_path / "today.txt")
    code, out, err = cli("check", "--fix", "--jobs", jobs, str(tmp_path))
    assert read(lesson) == NI_HAO_FIXED and os.readlink(tmp_path / "today.txt") == "lesson.txt"
    assert code == 1 and f"{tmp_path}/today.txt" not in out
    assert err.splitlines() == [f"{tmp_path}/today.txt: note: the file {lesson} is fixed under that name, not this one",
                                "pinyin-audit: fixed 1 finding in 1 file; 2 remain (1 fixable with --unsafe-fixes)"]
    write(lesson, TONES)
    code, out, _ = cli("check", "--diff", "--jobs", jobs, str(tmp_path / "today.txt"), str(lesson))
    assert code == 1 and out.count("\n--- ") == 0 and out.startswith(f"--- {tmp_path}/today.txt\n")  # patch applies it


def test_two_processes_fix_two_hundred_files_to_the_same_bytes_as_one(cli, tmp_path):
    seed = pathlib.Path(__file__).parents[1] / "samples" / "ecommerce-article-seed.txt"
    lines = seed.read_text(encoding="utf-8").splitlines(keepends=True)
    slips = ["我喜欢看书(shǔ)。\n", "你好(ní hǎo)，很高兴认识你。\n", "一个(yí gè)人\n", "银行(yín xíng)\n"]
    choose = random.Random(7)
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    for number in range(200):
        picked = choose.sample(lines, 4) + choose.sample(slips, 2)
        choose.shuffle(picked)
        write(one / f"{number:03}.txt", "".join(picked))
    shutil.copytree(one, two)
    in_one = cli("check", "--fix", "--unsafe-fixes", "--jobs", "1", str(one))
    in_two = cli("check", "--fix", "--unsafe-fixes", "--jobs", "2", str(two))
    assert [str(part).replace(str(two), str(one)) for part in in_two] == list(map(str, in_one))
    assert "in 200 files" in in_one[2]
    for number in range(200):
        assert (two / f"{number:03}.txt").read_bytes() == (one / f"{number:03}.txt").read_bytes()
