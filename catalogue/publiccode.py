"""publiccode.yml in and out: pure functions from a product to a document and back.

Writes the standard's version 0.4 (https://yml.publiccode.tools); reads 0.2 to 0.5. The
reader checks the keys the portal needs and their types, and reports every problem with
its line, so that whoever wrote the file can find it. Nothing here touches the database:
``catalogue.publiccode_import`` applies a parsed document.
"""

import datetime
import re
from dataclasses import dataclass, field

import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from catalogue.licences import validate_spdx_expression

WRITTEN_VERSION = "0.4"
# "0" is the standard's unreleased development version; treat it as the newest.
_READABLE_VERSION = re.compile(r"^0(\.[2-5](\.\d+)?)?$")

STAGE_TO_STATUS = {
    "idea": "concept",
    "project": "development",
    "product": "stable",
    "retired": "obsolete",
}
STATUS_TO_STAGE = {
    "concept": "idea",
    "development": "project",
    # The portal has no beta stage: a solution in testing is still a project.
    "beta": "project",
    "stable": "product",
    "obsolete": "retired",
}
SOFTWARE_TYPES = [
    "standalone/web",
    "standalone/desktop",
    "standalone/mobile",
    "standalone/backend",
    "standalone/iot",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
]
# Versions before 0.2 had a bare "standalone".
_OLD_SOFTWARE_TYPES = {"standalone": "standalone/other"}
MAINTENANCE_TYPES = ["internal", "contract", "community", "none"]
# The roles whose suppliers maintain a product under contract.
MAINTAINING_ROLES = ("operation", "support")
SHORT_DESCRIPTION_MAX = 150
NAME_MAX = 100
FEATURE_MAX = 100


# --- out --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    name: str
    email: str = ""


@dataclass(frozen=True)
class Contractor:
    name: str
    until: datetime.date
    website: str = ""


@dataclass
class PubliccodeProduct:
    """What a publiccode.yml says about a product, in the portal's terms."""

    name: str
    url: str
    stage: str
    software_type: str
    tagline: str
    licence: str
    landing_url: str = ""
    documentation_url: str = ""
    platforms: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    used_by: list[str] = field(default_factory=list)
    tagline_en: str = ""
    description: str = ""
    description_en: str = ""
    features: list[str] = field(default_factory=list)
    features_en: list[str] = field(default_factory=list)
    available_languages: list[str] = field(default_factory=list)
    contractors: list[Contractor] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)


def product_to_publiccode(data: PubliccodeProduct) -> dict:
    """The publiccode.yml 0.4 document, keys in the standard's order."""
    document = {"publiccodeYmlVersion": WRITTEN_VERSION, "name": data.name, "url": data.url}
    if data.landing_url:
        document["landingURL"] = data.landing_url
    document["platforms"] = list(data.platforms) or ["web"]
    document["categories"] = sorted(set(data.categories))
    if data.used_by:
        document["usedBy"] = list(data.used_by)
    document["developmentStatus"] = STAGE_TO_STATUS[data.stage]
    document["softwareType"] = data.software_type
    document["description"] = {
        "da": _description(data.tagline, data.description, data.features, data),
    }
    if data.tagline_en or data.description_en:
        document["description"]["en"] = _description(
            data.tagline_en or data.tagline,
            data.description_en,
            data.features_en,
            data,
        )
    document["legal"] = {"license": data.licence}
    if data.contractors:
        document["maintenance"] = {
            "type": "contract",
            "contractors": [_contractor(contractor) for contractor in data.contractors],
        }
    else:
        document["maintenance"] = {
            "type": "community",
            "contacts": [_contact(contact) for contact in data.contacts],
        }
    languages = list(data.available_languages) or ["da"]
    document["localisation"] = {
        "localisationReady": len(languages) > 1,
        "availableLanguages": languages,
    }
    return document


def _description(short: str, long: str, features: list[str], data: PubliccodeProduct) -> dict:
    section = {
        "shortDescription": short,
        # The standard wants a long description; the short one stands in when there is none.
        "longDescription": long or short,
    }
    if data.documentation_url:
        section["documentation"] = data.documentation_url
    if features:
        section["features"] = list(features)
    return section


def _contractor(contractor: Contractor) -> dict:
    entry = {"name": contractor.name, "until": contractor.until.isoformat()}
    if contractor.website:
        entry["website"] = contractor.website
    return entry


def _contact(contact: Contact) -> dict:
    entry = {"name": contact.name}
    if contact.email:
        entry["email"] = contact.email
    return entry


def dump(document: dict) -> str:
    """YAML with the document's own key order, UTF-8 text as is."""
    return yaml.safe_dump(
        document, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100
    )


# --- in ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    line: int | None
    message: str
    source: str = ""

    def __str__(self) -> str:
        where = ":".join(str(part) for part in (self.source, self.line) if part)
        return f"{where}: {self.message}" if where else self.message


class PubliccodeError(Exception):
    """A document that cannot be read; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


class _Document:
    """The parsed data with the line of every value, by path."""

    def __init__(self, text: str):
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            self.data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
        self.lines: dict[tuple, int] = {}
        if node is not None:
            self._index(node, ())

    def _index(self, node, path):
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                self._index(value_node, (*path, key_node.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._index(item, (*path, index))

    def line(self, path) -> int | None:
        """The line of a path, or of its nearest ancestor that exists."""
        path = tuple(path)
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


def _key(path) -> str:
    return ".".join(f"[{part}]" if isinstance(part, int) else str(part) for part in path)


class _Reader:
    def __init__(self, document: _Document, source: str):
        self.document = document
        self.source = source
        self.problems: list[Problem] = []

    def problem(self, path, message):
        self.problems.append(Problem(self.document.line(path), message, self.source))

    def get(self, mapping: dict, path, *, required: bool, kind, kind_name: str):
        key = path[-1]
        if mapping is None:
            # The section itself is missing or wrong, and reported already.
            return None
        if not isinstance(mapping, dict) or key not in mapping or mapping[key] is None:
            if required:
                self.problem(
                    path[:-1],
                    _("Mangler det påkrævede felt %(key)s.") % {"key": _key(path)},
                )
            return None
        value = mapping[key]
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            self.problem(
                path,
                _("%(key)s skal være %(kind)s, ikke %(value)r.")
                % {"key": _key(path), "kind": kind_name, "value": _short(value)},
            )
            return None
        return value

    def text(self, mapping, path, *, required=False, max_length=None) -> str:
        value = self.get(mapping, path, required=required, kind=str, kind_name=_("en tekst"))
        if value is None:
            return ""
        value = value.strip()
        if required and not value:
            self.problem(path, _("%(key)s må ikke være tom.") % {"key": _key(path)})
        if max_length and len(value) > max_length:
            self.problem(
                path,
                _("%(key)s må højst være %(max)s tegn (den er %(length)s).")
                % {"key": _key(path), "max": max_length, "length": len(value)},
            )
        return value

    def url(self, mapping, path, *, required=False) -> str:
        value = self.text(mapping, path, required=required)
        if value:
            try:
                URLValidator(schemes=["http", "https"])(value)
            except ValidationError:
                self.problem(
                    path,
                    _("%(key)s skal være en http- eller https-adresse, ikke %(value)r.")
                    % {"key": _key(path), "value": _short(value)},
                )
                return ""
        return value

    def texts(self, mapping, path, *, required=False, allow_single=False, max_length=None):
        kind = (list, str) if allow_single else list
        value = self.get(
            mapping, path, required=required, kind=kind, kind_name=_("en liste af tekster")
        )
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        result = []
        for index, item in enumerate(value):
            if not isinstance(item, str):
                self.problem(
                    (*path, index),
                    _("%(key)s skal være en tekst, ikke %(value)r.")
                    % {"key": _key((*path, index)), "value": _short(item)},
                )
            elif max_length and len(item.strip()) > max_length:
                self.problem(
                    (*path, index),
                    _("%(key)s må højst være %(max)s tegn (den er %(length)s).")
                    % {"key": _key((*path, index)), "max": max_length, "length": len(item)},
                )
            else:
                result.append(item.strip())
        return result

    def mapping(self, mapping, path, *, required=False) -> dict:
        return self.get(mapping, path, required=required, kind=dict, kind_name=_("en sektion"))

    def choice(self, mapping, path, choices, *, required=False, aliases=None) -> str:
        value = self.text(mapping, path, required=required)
        value = (aliases or {}).get(value, value)
        if value and value not in choices:
            self.problem(
                path,
                _("%(key)s skal være en af %(choices)s, ikke %(value)r.")
                % {"key": _key(path), "choices": ", ".join(choices), "value": _short(value)},
            )
            return ""
        return value


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


def parse_publiccode(text: str, *, source: str = "") -> PubliccodeProduct:
    """Read a publiccode.yml (0.2 to 0.5); raise PubliccodeError with every problem."""
    try:
        document = _Document(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        message = _("Ugyldig YAML: %(problem)s") % {
            "problem": " ".join(part for part in (error.context, error.problem) if part)
        }
        raise PubliccodeError(
            [Problem(mark.line + 1 if mark else None, message, source)]
        ) from error
    except yaml.YAMLError as error:
        raise PubliccodeError(
            [Problem(None, _("Ugyldig YAML: %(problem)s") % {"problem": error}, source)]
        ) from error
    root = document.data
    reader = _Reader(document, source)
    if not isinstance(root, dict):
        reader.problem((), _("Dokumentet skal være en YAML-sektion med nøgler og værdier."))
        raise PubliccodeError(reader.problems)

    version = root.get("publiccodeYmlVersion")
    if isinstance(version, int | float) and not isinstance(version, bool):
        # An unquoted 0.4 reads as a number; accept it as the version it means.
        version = str(version)
        root["publiccodeYmlVersion"] = version
    version = reader.text(root, ("publiccodeYmlVersion",), required=True)
    if version and not _READABLE_VERSION.match(version):
        reader.problem(
            ("publiccodeYmlVersion",),
            _("Version %(version)s kan ikke læses; portalen læser 0.2 til 0.5.")
            % {"version": _short(version)},
        )

    name = reader.text(root, ("name",), required=True, max_length=NAME_MAX)
    url = reader.url(root, ("url",), required=True)
    landing_url = reader.url(root, ("landingURL",))
    platforms = reader.texts(root, ("platforms",), required=True, allow_single=True)
    categories = reader.texts(root, ("categories",))
    used_by = reader.texts(root, ("usedBy",))
    status = reader.choice(root, ("developmentStatus",), list(STATUS_TO_STAGE), required=True)
    software_type = reader.choice(
        root, ("softwareType",), SOFTWARE_TYPES, required=True, aliases=_OLD_SOFTWARE_TYPES
    )

    descriptions = reader.mapping(root, ("description",), required=True)
    texts = {}
    for language, section in (descriptions or {}).items():
        path = ("description", language)
        if not isinstance(section, dict):
            reader.problem(path, _("%(key)s skal være en sektion.") % {"key": _key(path)})
            continue
        texts[language] = {
            "short": reader.text(
                section,
                (*path, "shortDescription"),
                required=True,
                max_length=SHORT_DESCRIPTION_MAX,
            ),
            "long": reader.text(section, (*path, "longDescription")),
            "documentation": reader.url(section, (*path, "documentation")),
            "features": reader.texts(section, (*path, "features"), max_length=FEATURE_MAX),
        }
    if descriptions and not texts:
        reader.problem(
            ("description",), _("description skal have mindst ét sprog, fx da eller en.")
        )

    legal = reader.mapping(root, ("legal",), required=True)
    licence = reader.text(legal, ("legal", "license"), required=True, max_length=100)
    if licence:
        try:
            validate_spdx_expression(licence)
        except ValidationError as error:
            reader.problem(("legal", "license"), " ".join(error.messages))

    maintenance = reader.mapping(root, ("maintenance",), required=True)
    reader.choice(maintenance, ("maintenance", "type"), MAINTENANCE_TYPES, required=True)
    contractors = _contractors(reader, maintenance or {})
    contacts = _contacts(reader, maintenance or {})

    localisation = reader.mapping(root, ("localisation",), required=True)
    reader.get(
        localisation,
        ("localisation", "localisationReady"),
        required=True,
        kind=bool,
        kind_name=_("true eller false"),
    )
    languages = reader.texts(
        localisation, ("localisation", "availableLanguages"), required=True, max_length=10
    )

    if reader.problems:
        raise PubliccodeError(reader.problems)

    # Danish first, then English, then whatever language the file has.
    primary = texts.get("da") or texts.get("en") or next(iter(texts.values()))
    english = texts.get("en") if "da" in texts else None
    return PubliccodeProduct(
        name=name,
        url=url,
        landing_url=landing_url,
        stage=STATUS_TO_STAGE[status],
        software_type=software_type,
        platforms=platforms,
        categories=categories,
        used_by=used_by,
        tagline=primary["short"],
        description=primary["long"],
        features=primary["features"],
        tagline_en=english["short"] if english else "",
        description_en=english["long"] if english else "",
        features_en=english["features"] if english else [],
        documentation_url=primary["documentation"],
        licence=licence,
        available_languages=[language.lower() for language in languages],
        contractors=contractors,
        contacts=contacts,
    )


def _contractors(reader: _Reader, maintenance: dict) -> list[Contractor]:
    path = ("maintenance", "contractors")
    entries = reader.get(maintenance, path, required=False, kind=list, kind_name=_("en liste"))
    contractors = []
    for index, entry in enumerate(entries or []):
        entry_path = (*path, index)
        if not isinstance(entry, dict):
            reader.problem(
                entry_path, _("%(key)s skal være en sektion.") % {"key": _key(entry_path)}
            )
            continue
        name = reader.text(entry, (*entry_path, "name"), required=True, max_length=200)
        until = _date(reader, entry, (*entry_path, "until"))
        website = reader.url(entry, (*entry_path, "website"))
        if name and until:
            contractors.append(Contractor(name=name, until=until, website=website))
    return contractors


def _date(reader: _Reader, mapping: dict, path) -> datetime.date | None:
    value = mapping.get(path[-1])
    if value is None:
        reader.problem(path[:-1], _("Mangler det påkrævede felt %(key)s.") % {"key": _key(path)})
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    reader.problem(
        path,
        _("%(key)s skal være en dato som 2027-12-31, ikke %(value)r.")
        % {"key": _key(path), "value": _short(value)},
    )
    return None


def _contacts(reader: _Reader, maintenance: dict) -> list[Contact]:
    path = ("maintenance", "contacts")
    entries = reader.get(maintenance, path, required=False, kind=list, kind_name=_("en liste"))
    contacts = []
    for index, entry in enumerate(entries or []):
        entry_path = (*path, index)
        if not isinstance(entry, dict):
            reader.problem(
                entry_path, _("%(key)s skal være en sektion.") % {"key": _key(entry_path)}
            )
            continue
        name = reader.text(entry, (*entry_path, "name"), required=True, max_length=200)
        email = reader.text(entry, (*entry_path, "email"))
        if name:
            contacts.append(Contact(name=name, email=email))
    return contacts
