"""Scenarios for the convention codes and duplicate-helper (realistic modules)."""

from __future__ import annotations

from .model import Scenario


def fill(module: str, ai: str) -> str:
    return module.replace("{ai}", ai)


SNAKE_MODULE = '''"""Helpers for the billing pipeline."""

import logging
from decimal import Decimal

log = logging.getLogger(__name__)

TAX_RATE = Decimal("0.2")


def parse_amount(raw_value):
    cleaned = raw_value.replace(",", "").strip()
    return Decimal(cleaned)


def apply_tax(net_amount):
    return net_amount * (1 + TAX_RATE)


def format_invoice_line(description, amount):
    return f"{description:<40}{amount:>12.2f}"


def split_evenly(total_amount, parts):
    share = total_amount / parts
    return [share] * parts


def round_to_cents(amount):
    return amount.quantize(Decimal("0.01"))


def load_rates(path):
    with open(path) as handle:
        return {line.split()[0]: Decimal(line.split()[1]) for line in handle}


def summarize_batch(invoice_rows):
    line_total = sum(row.amount for row in invoice_rows)
    tax_total = apply_tax(line_total) - line_total
    grand_total = line_total + tax_total
    return line_total, tax_total, grand_total


{ai}
'''

CAMEL_HELPER = fill(
    SNAKE_MODULE,
    """«def computeLateFee(dueDate, paidDate, dailyRate):
    daysLate = (paidDate - dueDate).days
    return max(daysLate, 0) * dailyRate»""",
)
SNAKE_HELPER = fill(
    SNAKE_MODULE,
    """«def compute_late_fee(due_date, paid_date, daily_rate):
    days_late = (paid_date - due_date).days
    return max(days_late, 0) * daily_rate»""",
)
CAMEL_LOCALS = fill(
    SNAKE_MODULE,
    """«def merge_invoices(invoices):
    mergedTotal = Decimal(0)
    lineCount = 0
    for invoice in invoices:
        mergedTotal += invoice.total
        lineCount += len(invoice.lines)
    return mergedTotal, lineCount»""",
)

QT_MODULE = '''"""A Qt table model for the orders view."""

from PySide6.QtCore import QAbstractTableModel, Qt


class OrdersModel(QAbstractTableModel):
    def __init__(self, orders):
        super().__init__()
        self.orderList = orders

    def rowCount(self, parent=None):
        return len(self.orderList)

    def columnCount(self, parent=None):
        return 3

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        return ["Id", "Customer", "Total"][section]

    def orderAt(self, row):
        return self.orderList[row]

    def totalFor(self, customerName):
        return sum(o.total for o in self.orderList if o.customer == customerName)

    def refreshFrom(self, source):
        self.orderList = list(source)

    def customerNames(self):
        return sorted({o.customer for o in self.orderList})

    «def selectedTotal(self, selectedRows):
        return sum(self.orderList[r].total for r in selectedRows)»
'''

MIXED_MODULE = '''"""Glue code collected from several contributors."""


def loadData(path):
    return open(path).read()


def save_data(path, data):
    open(path, "w").write(data)


def getUser(users, name):
    return users.get(name)


def find_item(items, key):
    return next((i for i in items if i.key == key), None)


def mergeLists(a, b):
    return a + b


«def makeIndex(records):
    return {r.id: r for r in records}»
'''

GOOGLE_MODULE = '''"""Geometry helpers used by the map renderer."""

import math


def haversine(lat1, lon1, lat2, lon2):
    """Great-circle distance between two points.

    Args:
        lat1: Latitude of the first point, in degrees.
        lon1: Longitude of the first point, in degrees.
        lat2: Latitude of the second point, in degrees.
        lon2: Longitude of the second point, in degrees.

    Returns:
        The distance in kilometres.
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(a))


def bearing(lat1, lon1, lat2, lon2):
    """Initial bearing from the first point to the second.

    Args:
        lat1: Latitude of the start, in degrees.
        lon1: Longitude of the start, in degrees.
        lat2: Latitude of the end, in degrees.
        lon2: Longitude of the end, in degrees.

    Returns:
        The bearing in degrees, 0 to 360.
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360) % 360


def midpoint(lat1, lon1, lat2, lon2):
    """Point halfway along the great circle.

    Args:
        lat1: Latitude of the first point, in degrees.
        lon1: Longitude of the first point, in degrees.
        lat2: Latitude of the second point, in degrees.
        lon2: Longitude of the second point, in degrees.

    Returns:
        A (lat, lon) tuple in degrees.
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    bx, by = math.cos(p2) * math.cos(dl), math.cos(p2) * math.sin(dl)
    lat = math.atan2(math.sin(p1) + math.sin(p2), math.sqrt((math.cos(p1) + bx) ** 2 + by**2))
    lon = math.radians(lon1) + math.atan2(by, math.cos(p1) + bx)
    return math.degrees(lat), math.degrees(lon)


def bounding_box(lat, lon, radius_km):
    """Box around a point.

    Args:
        lat: Latitude of the centre, in degrees.
        lon: Longitude of the centre, in degrees.
        radius_km: Half the side of the box, in kilometres.

    Returns:
        (min_lat, min_lon, max_lat, max_lon) in degrees.
    """
    dlat = radius_km / 111.0
    scale = math.cos(math.radians(lat))
    if abs(scale) < 1e-9:
        return lat - dlat, -180.0, lat + dlat, 180.0
    dlon = radius_km / (111.0 * scale)
    return lat - dlat, lon - dlon, lat + dlat, lon + dlon


def to_radians_pair(lat, lon):
    """Convert a point to radians.

    Args:
        lat: Latitude in degrees.
        lon: Longitude in degrees.

    Returns:
        A (lat, lon) tuple in radians.
    """
    lat_rad = math.radians(lat)
    lon_rad = math.radians(lon)
    if not -math.pi / 2 <= lat_rad <= math.pi / 2:
        raise ValueError(f"latitude out of range: {lat}")
    return lat_rad, lon_rad


{ai}
'''

NO_DOCSTRING = fill(
    GOOGLE_MODULE,
    """«def destination(lat, lon, bearing_deg, distance_km):
    d = distance_km / 6371
    b = math.radians(bearing_deg)
    p1 = math.radians(lat)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    l2 = math.radians(lon) + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2)
    )
    return math.degrees(p2), math.degrees(l2)»""",
)
REST_DOCSTRING = fill(
    GOOGLE_MODULE,
    '''«def destination(lat, lon, bearing_deg, distance_km):
    """Point reached from a start point along a bearing.

    :param lat: latitude of the start, in degrees
    :param lon: longitude of the start, in degrees
    :param bearing_deg: initial bearing, in degrees
    :param distance_km: distance travelled, in kilometres
    :returns: a (lat, lon) tuple in degrees
    """
    d = distance_km / 6371
    b = math.radians(bearing_deg)
    p1 = math.radians(lat)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    return math.degrees(p2), lon + math.degrees(b) * 0»''',
)
GOOGLE_DOCSTRING = fill(
    GOOGLE_MODULE,
    '''«def destination(lat, lon, bearing_deg, distance_km):
    """Point reached from a start point along a bearing.

    Args:
        lat: Latitude of the start, in degrees.
        lon: Longitude of the start, in degrees.
        bearing_deg: Initial bearing, in degrees.
        distance_km: Distance travelled, in kilometres.

    Returns:
        A (lat, lon) tuple in degrees.
    """
    d = distance_km / 6371
    b = math.radians(bearing_deg)
    p1 = math.radians(lat)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(b))
    return math.degrees(p2), lon»''',
)

SCRIPT_MODULE = '''"""Small maintenance script: prune old build artefacts."""

import os
import sys
import time


def old_files(folder, days):
    cutoff = time.time() - days * 86400
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if os.path.getmtime(path) < cutoff:
            yield path


def prune(folder, days, dry_run):
    for path in old_files(folder, days):
        print("removing", path)
        if not dry_run:
            os.remove(path)


def parse_days(text):
    value = int(text)
    if value < 1:
        raise SystemExit("days must be positive")
    return value


def usage():
    print("usage: prune FOLDER DAYS [--dry-run]")
    sys.exit(2)


def parse_args(argv):
    if len(argv) < 3:
        usage()
    return argv[1], parse_days(argv[2]), "--dry-run" in argv


def main(argv):
    folder, days, dry_run = parse_args(argv)
    prune(folder, days, dry_run)
    return 0


{ai}
'''

UNDOCUMENTED_SCRIPT = fill(
    SCRIPT_MODULE,
    """«def folder_size(folder):
    total = 0
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        if os.path.isfile(path):
            total += os.path.getsize(path)
    return total»""",
)
SCRIPT_PRINT = fill(
    SCRIPT_MODULE,
    """«def report(folder):
    size = 0
    for name in os.listdir(folder):
        size += os.path.getsize(os.path.join(folder, name))
    print(f"{folder}: {size} bytes")»""",
)

TYPED_MODULE = '''"""Rate limiting for the public API."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

log = logging.getLogger(__name__)


@dataclass
class Bucket:
    capacity: int
    refill_per_second: float
    tokens: float = 0.0
    updated: float = field(default_factory=time.monotonic)


def refill(bucket: Bucket, now: float) -> None:
    elapsed = now - bucket.updated
    bucket.tokens = min(bucket.capacity, bucket.tokens + elapsed * bucket.refill_per_second)
    bucket.updated = now


def try_take(bucket: Bucket, cost: int = 1) -> bool:
    refill(bucket, time.monotonic())
    if bucket.tokens < cost:
        return False
    bucket.tokens -= cost
    return True


def wait_time(bucket: Bucket, cost: int) -> float:
    missing = max(0.0, cost - bucket.tokens)
    return missing / bucket.refill_per_second


def new_bucket(capacity: int, per_minute: int) -> Bucket:
    return Bucket(capacity, per_minute / 60, float(capacity))


def load_limits(path: str) -> dict[str, Bucket]:
    limits: dict[str, Bucket] = {}
    try:
        with open(path) as handle:
            for line in handle:
                name, capacity, per_minute = line.split()
                limits[name] = new_bucket(int(capacity), int(per_minute))
    except OSError:
        log.warning("no rate limits at %s; using defaults", path)
    return limits


def parse_cost(text: str) -> int:
    try:
        return max(1, int(text))
    except ValueError:
        log.warning("bad cost %r; using 1", text)
        return 1


def bucket_for(limits: dict[str, Bucket], name: str) -> Bucket:
    try:
        return limits[name]
    except KeyError:
        log.info("no limit for %s; using the default bucket", name)
        return limits.setdefault(name, new_bucket(60, 60))


{ai}
'''

NO_RETURN_TYPE = fill(
    TYPED_MODULE,
    """«def top_up(bucket: Bucket, amount: float):
    refill(bucket, time.monotonic())
    bucket.tokens = min(bucket.capacity, bucket.tokens + amount)
    return bucket.tokens»""",
)
UNTYPED_IN_TYPED = fill(
    TYPED_MODULE,
    """«def drain(bucket, amount):
    refill(bucket, time.monotonic())
    taken = min(bucket.tokens, amount)
    bucket.tokens -= taken
    return taken»""",
)
TYPED_IN_TYPED = fill(
    TYPED_MODULE,
    """«def drain(bucket: Bucket, amount: float) -> float:
    refill(bucket, time.monotonic())
    taken = min(bucket.tokens, amount)
    bucket.tokens -= taken
    return taken»""",
)
SWALLOW_IN_TYPED = fill(
    TYPED_MODULE,
    """«def save_limits(path: str, limits: dict[str, Bucket]) -> None:
    try:
        with open(path, "w") as handle:
            for name, bucket in limits.items():
                handle.write(f"{name} {bucket.capacity} {int(bucket.refill_per_second * 60)}\\n")
    except:
        pass»""",
)
PRINT_IN_TYPED = fill(
    TYPED_MODULE,
    """«def describe(limits: dict[str, Bucket]) -> None:
    for name, bucket in sorted(limits.items()):
        print(f"{name}: {bucket.tokens:.1f}/{bucket.capacity}")»""",
)
LOGGED_IN_TYPED = fill(
    TYPED_MODULE,
    """«def save_limits(path: str, limits: dict[str, Bucket]) -> None:
    try:
        with open(path, "w") as handle:
            for name, bucket in limits.items():
                handle.write(f"{name} {bucket.capacity} {int(bucket.refill_per_second * 60)}\\n")
    except OSError:
        log.warning("could not save rate limits to %s", path)»""",
)

UNTYPED_MODULE = UNDOCUMENTED_SCRIPT.replace("«", "").replace("»", "")
TYPED_IN_UNTYPED = fill(
    SCRIPT_MODULE,
    """«def newest_file(folder: str) -> str | None:
    paths = [os.path.join(folder, name) for name in os.listdir(folder)]
    return max(paths, key=os.path.getmtime, default=None)»""",
)

MIXED_TYPES = MIXED_MODULE.replace(
    "def save_data(path, data):", "def save_data(path: str, data: str) -> None:"
).replace("def find_item(items, key):", "def find_item(items: list, key: str):")

UTILS_TEXT = '''"""Text helpers shared by the web app."""

import re
import unicodedata


def slugify(value):
    value = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    value = re.sub(r"[^\\w\\s-]", "", value.lower())
    return re.sub(r"[-\\s]+", "-", value).strip("-_")


def truncate_words(text, count):
    words = text.split()
    if len(words) <= count:
        return text
    return " ".join(words[:count]) + "…"
'''

VIEWS = '''"""Views of the blog app."""

import re
import unicodedata

from blog.models import Post


def post_detail(request, slug):
    post = Post.objects.get(slug=slug)
    return {"post": post}


def post_list(request):
    return {"posts": Post.objects.order_by("-published")[:20]}


{ai}
'''

SAME_BODY = fill(
    VIEWS,
    """«def make_url_fragment(title):
    title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    title = re.sub(r"[^\\w\\s-]", "", title.lower())
    return re.sub(r"[-\\s]+", "-", title).strip("-_")»""",
)
SAME_NAME = fill(
    VIEWS,
    """«def slugify(title):
    cleaned = "".join(ch for ch in title.lower() if ch.isalnum() or ch == " ")
    return "-".join(cleaned.split())»""",
)
NEAR_MISS = fill(
    VIEWS,
    """«def title_to_slug(heading):
    if not heading:
        return ""
    heading = unicodedata.normalize("NFKD", heading).encode("ascii", "ignore").decode("ascii")
    heading = re.sub(r"[^\\w\\s-]", "", heading.lower())
    return re.sub(r"[-\\s]+", "-", heading).strip("-_")»""",
)
NEW_HELPER = fill(
    VIEWS,
    """«def reading_time(post):
    words = len(re.findall(r"\\w+", post.body))
    minutes = max(1, round(words / 200))
    return f"{minutes} min read"»""",
)
GENERIC_NAME = fill(
    VIEWS,
    """«def validate(request):
    title = request.POST.get("title", "").strip()
    errors = []
    if not title:
        errors.append("title is required")
    return errors»""",
)
WORKSPACE = {
    "blog/utils/text.py": UTILS_TEXT,
    "blog/models.py": "class Post:\n    objects = None\n",
}

SCENARIOS = [
    Scenario("billing: camelCase helper in a snake_case module", CAMEL_HELPER,
             {"naming-divergence"}),
    Scenario("billing: camelCase locals in a snake_case module", CAMEL_LOCALS,
             {"naming-divergence"}),
    Scenario("billing: snake_case helper", SNAKE_HELPER, set()),
    Scenario("Qt model: camelCase method among camelCase methods", QT_MODULE, set()),
    Scenario("glue module with no clear naming convention", MIXED_MODULE, set()),
    Scenario("geometry: undocumented function among Google docstrings", NO_DOCSTRING,
             {"docstring-divergence"}),
    Scenario("geometry: reST docstring among Google docstrings", REST_DOCSTRING,
             {"docstring-divergence"}),
    Scenario("geometry: Google docstring among Google docstrings", GOOGLE_DOCSTRING, set()),
    Scenario("script: undocumented helper in an undocumented script", UNDOCUMENTED_SCRIPT,
             set()),
    Scenario("rate limits: unannotated function in an annotated module", UNTYPED_IN_TYPED,
             {"type-hint-divergence"}),
    Scenario("rate limits: function without its return type", NO_RETURN_TYPE,
             {"type-hint-divergence"}),
    # Adding hints where the module has none is not decay (see docs/diagnostics.md).
    Scenario("script: annotated function in an unannotated script", TYPED_IN_UNTYPED, set()),
    Scenario("rate limits: annotated function", TYPED_IN_TYPED, set()),
    Scenario("glue module: annotations used by some, not most", MIXED_TYPES, set()),
    Scenario("rate limits: bare except that swallows", SWALLOW_IN_TYPED,
             {"error-handling-divergence"}),
    Scenario("rate limits: print where the module logs", PRINT_IN_TYPED,
             {"error-handling-divergence"}),
    Scenario("rate limits: specific except that logs", LOGGED_IN_TYPED, set()),
    Scenario("script: print in a script that prints", SCRIPT_PRINT, set()),
    Scenario("blog: slug helper with the body of utils.text.slugify", SAME_BODY,
             {"duplicate-helper"}, others=WORKSPACE, target="blog/views.py"),
    Scenario("blog: renamed slug helper with a guard added (near-miss clone)", NEAR_MISS,
             {"duplicate-helper"}, others=WORKSPACE, target="blog/views.py"),
    Scenario("blog: another slugify with its own body (same name only)", SAME_NAME, set(),
             others=WORKSPACE, target="blog/views.py"),
    Scenario("blog: new helper reading_time", NEW_HELPER, set(), others=WORKSPACE,
             target="blog/views.py"),
    Scenario("blog: generic name 'validate'", GENERIC_NAME, set(),
             others={**WORKSPACE, "blog/forms.py": "def validate(form):\n    return []\n"},
             target="blog/views.py"),
]  # fmt: skip
