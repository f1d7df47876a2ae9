"""Turn data/reports into a deterministic, report-like corpus of about 100 MB for the search benchmark."""

from __future__ import annotations

import argparse
import random
import re
from dataclasses import dataclass
from pathlib import Path

from glossary_app.core.glossary import extract_glossary, is_glossary_heading
from glossary_app.core.normalize import normalize
from glossary_app.core.read import read_report
from glossary_app.core.split import split_documents

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "reports"
OUT = Path(__file__).resolve().parent / "out" / "corpus"

NUMERALS = "一二三四五六七八九十两双"
# Characters that coined shorthand is made of (一单四制, 三高四新, 五好园区).
STEMS = ("单制化新高城区园链长员风情零品标特辅路乱减证廉保治联帮扶改建优强惠安稳绿美富智数创融通畅"
         "权责岗网格库码站廊带轴核心翼极环村镇院校医养老育托乡业农工商旅文体水林田湖草沙")
WORDS = ("行动", "工程", "机制", "体系", "模式", "清单", "平台", "攻坚", "提升", "示范", "振兴", "服务",
         "保障", "治理", "改革", "创新", "整治", "帮扶", "联动", "建设")
SYLLABLES = "安宝昌辰德鼎东丰福阜广桂海和衡华淮吉嘉江金靖聚康乐临陵隆龙泸茂明南宁平祁庆泉仁瑞沙山韶邵石双松泰桃通万武湘祥新兴阳宜益永攸沅岳云芷洲资"
SEED_REGIONS = ("芷江侗族自治县", "靖州苗族侗族自治县", "祁东县", "常德市", "湘阴县", "鹤城区", "怀化市",
                "芷江", "靖州", "祁东", "常德", "湘阴", "鹤城")
_QUOTED_RE = re.compile(r"“([^“”\n]{1,16})”")
_DIGITS_RE = re.compile(r"\d+")
_REGION_RE = re.compile("|".join(SEED_REGIONS))


@dataclass
class Seed:
    """What the generator takes from the seed reports: body paragraphs and definition phrases."""

    paragraphs: list[str]
    phrases: list[str]
    glossary: list[tuple[str, str]]


def read_seed(folder: Path = SEED) -> Seed:
    """Body paragraphs, glossary entries and the phrases definitions are made of."""
    paragraphs: list[str] = []
    glossary: list[tuple[str, str]] = []
    for path in sorted(folder.glob("*.txt")):
        for doc in split_documents(normalize(read_report(path).text), fallback_title=path.stem):
            glossary += [(e.heading, e.definition) for e in extract_glossary(doc)]
            for p in doc.paragraphs:
                if is_glossary_heading(p.text):
                    break
                if len(p.text) >= 30 and not p.text.startswith(("各位代表", "政府工作报告")):
                    paragraphs.append(p.text)
    phrases = sorted({f for _, d in glossary for f in re.split(r"[、，,；;。：:（）()“”]", d) if 2 <= len(f) <= 12})
    return Seed(paragraphs=paragraphs, phrases=phrases, glossary=glossary)


def make_terms(rng: random.Random, count: int) -> list[str]:
    """count distinct coined terms, distinct also when numerals are folded (二单 = 两单 = 2单)."""
    fold = str.maketrans("一二两三四五六七八九", "1223456789")
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < count:
        n1, n2 = rng.choice(NUMERALS), rng.choice(NUMERALS)
        c1, c2 = rng.choice(STEMS), rng.choice(STEMS)
        form = rng.random()
        if form < 0.70:
            term = f"{n1}{c1}{n2}{c2}"  # 一单四制
        elif form < 0.85:
            term = f"{n1}{c1}{rng.choice(WORDS)}"  # 三廉行动
        elif form < 0.95:
            term = f"{n1}{c1}{n2}{c2}{rng.choice(STEMS)}"  # 三高四新区
        else:
            term = f"{rng.randint(1, 9)}+{rng.choice('NXYZ')}{c1}{c2}"  # 5+N产业
        if term.translate(fold) not in seen:
            seen.add(term.translate(fold))
            out.append(term)
    return out


def county_name(rng: random.Random) -> str:
    """A plausible county or city name: 两syllables and 县, 市 or 区."""
    return rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice("县县县市区")


def make_definition(rng: random.Random, term: str, phrases: list[str]) -> str:
    """A definition that lists as many items as the term counts, made of the seed's phrases."""
    items = rng.sample(phrases, rng.randint(3, 6))
    return "、".join(items) + "。"


def _other_number(rng: random.Random, digits: str) -> str:
    """Another number of the same length; a year stays a plausible year."""
    if len(digits) == 4 and digits.startswith("20"):
        return str(rng.randint(2015, 2025))
    return str(rng.randint(10 ** (len(digits) - 1) if len(digits) > 1 else 0, 10 ** len(digits) - 1))


def vary(rng: random.Random, text: str, county: str, terms: list[str], seed_terms_kept: float) -> str:
    """A seed paragraph made new: other numbers, this county, this report's terms in the quotes."""
    text = _REGION_RE.sub(county, text)
    text = _DIGITS_RE.sub(lambda m: _other_number(rng, m.group()), text)
    return _QUOTED_RE.sub(
        lambda m: m.group() if rng.random() < seed_terms_kept else f"“{rng.choice(terms)}”", text)


def make_report(rng: random.Random, seed: Seed, terms: list[str], target_chars: int) -> str:
    """One county's 政府工作报告 with a 名词解释 section defining its terms."""
    county = county_name(rng)
    year = rng.randint(2016, 2025)
    lines = [
        "政府工作报告",
        f"（{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日在{county}第{rng.choice('十十十十九')}"
        f"{rng.choice('一二三四五六七八')}届人民代表大会第{rng.choice('一二三四五')}次会议上）",
        f"{county}人民政府县长  {rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}",
        "", "各位代表：",
    ]
    size = 0
    used = 0
    while size < target_chars:
        paragraph = vary(rng, rng.choice(seed.paragraphs), county, terms, seed_terms_kept=0.5)
        if used < len(terms):  # every term of the report is used at least once
            paragraph += f"全面推行“{terms[used]}”工作机制，取得明显成效。"
            used += 1
        lines.append(paragraph)
        size += len(paragraph)
    lines.append("《政府工作报告》名词解释：")
    entries = [(f"“{t}”", make_definition(rng, t, seed.phrases)) for t in terms]
    entries += rng.sample(seed.glossary, 3)  # the seed's own terms, defined again by other counties
    rng.shuffle(entries)
    lines += [f"{i}.{heading}：{definition}" for i, (heading, definition) in enumerate(entries, 1)]
    return "\n".join(lines) + "\n"


def generate(out: Path = OUT, megabytes: float = 100.0, terms_per_report: int = 55, seed_value: int = 4) -> list[Path]:
    """Write the corpus (same arguments → same bytes) and return its files."""
    rng = random.Random(seed_value)
    seed = read_seed()
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    report_bytes = 100_000
    count = int(megabytes * 1_000_000 / report_bytes) + 1
    all_terms = make_terms(rng, count * terms_per_report)
    paths, total = [], 0
    for i in range(count):
        text = make_report(rng, seed, all_terms[i * terms_per_report:(i + 1) * terms_per_report],
                           target_chars=report_bytes // 3 - 3000)
        path = out / f"report_{i:05d}.txt"
        data = text.encode("utf-8")
        path.write_bytes(data)
        paths.append(path)
        total += len(data)
        if total >= megabytes * 1_000_000:
            break
    return paths


def main() -> None:
    """Command line: python benchmarks/make_corpus.py [--mb 100] [--out DIR]."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=100.0)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    paths = generate(args.out, args.mb)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} files, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
