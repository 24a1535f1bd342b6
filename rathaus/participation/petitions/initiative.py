"""The citizens' initiative (Bürgerbegehren, § 8b HGO): the facts shown on the public page
and the paper signature list (Unterschriftenliste) as a PDF made with WeasyPrint.

The law requires the initiative to be handed in in writing with handwritten signatures
(§ 8b Abs. 3 HGO), so the town offers no online signing; the list is a template to print.

Sources checked for the facts on the page (November 2026):
- § 8b Abs. 3 HGO, wording "Das Bürgerbegehren ist schriftlich bei dem Gemeindevorstand
  einzureichen; richtet es sich gegen einen Beschluss der Gemeindevertretung, muss es
  innerhalb von acht Wochen nach Bekanntgabe des Beschlusses eingereicht sein." as quoted by
  the Gemeinde Alsbach-Hähnlein (news of 11 February 2021,
  https://www.alsbach-haehnlein.de/unsere-gemeinde/aktuelles …newsartikelId=235).
- The question, a justification and a proposal how the costs are covered (§ 8b Abs. 3
  Satz 2 HGO): VGH Kassel, 28.10.1999, 8 UE 3683/97 (https://dejure.org/1999,1723 and
  https://dskrpt.de/resources/decisions/9ad43787-a9aa-47d1-b35d-ebce1cd0b6f7), and the
  Fach-Forum Rechtsamt on Hessian case law (http://moeller-rechtsamt.de?show=zSqw).
- Written form applies to the signatures: VG Darmstadt, 22.07.2018, 3 L 526/18.DA
  (https://rechtsprechung.sorzel.com/urteil/vg-darmstadt-3-kamme-2018-07-22-3-l-526-18-da-yktjjzkj).
- Quorum of 10 percent of those entitled to vote at the last municipal election, for
  towns of Weiterstadt's size: Bad Vilbeler Anzeiger, "Ein Bürgerbegehren und die Folgen",
  and the example calculation after the municipal election 2016 at
  https://anliegerschutz.jimdofree.com/bürgerbegehren-bürgerentscheid/bürgerentscheid.
  The lower shares for larger municipalities (graded by population since the 2015
  amendment, see http://uli-dressler.de/buch_12.htm) could not be verified from the
  sources at hand, so the page names no figure for them and points to § 8b Abs. 3 HGO.
- Matters excluded (§ 8b Abs. 2 HGO), e.g. the budget (Haushaltssatzung) and municipal
  charges, tariffs and fees; since 2020 recurring road charges are allowed (§ 8b Abs. 2 Nr. 4
  HGO): http://uli-dressler.de/buch_12.htm; Nr. 5 a (decisions on land-use plans) per
  VG Darmstadt 3 L 526/18.DA above.
- Up to three representatives (Vertrauenspersonen) named on the list: VGH Kassel,
  8 UE 3683/97 above (naming them on the signature sheet is allowed).
The page always points to the current text of the law (https://www.rv.hessenrecht.hessen.de).
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import pgettext_lazy

from rathaus.core.tenancy import current_town
from rathaus.records.letters import logo_data_uri, render_html_pdf

LAW_URL = "https://www.rv.hessenrecht.hessen.de"

# The columns of the list, in the order the signing person fills them in.
COLUMNS = (
    pgettext_lazy("signature list", "No."),
    pgettext_lazy("signature list", "Family name"),
    pgettext_lazy("signature list", "Given name"),
    pgettext_lazy("signature list", "Date of birth"),
    pgettext_lazy("signature list", "Address (street, house number, postcode, town)"),
    pgettext_lazy("signature list", "Date"),
    pgettext_lazy("signature list", "Signature"),
)
ROWS_PER_PAGE = 10


def signature_list_pdf() -> bytes:
    """The signature list of the active town, A4 landscape, in German (the language in
    which it is handed in)."""
    town = current_town()
    with translation.override("de"):
        html = render_to_string(
            "petitions/pdf/signature_list.html",
            {
                "town": town,
                "logo": logo_data_uri(town),
                "columns": [str(column) for column in COLUMNS],
                "rows": range(1, ROWS_PER_PAGE + 1),
                "date": timezone.localdate(),
            },
        )
    return render_html_pdf(html)
