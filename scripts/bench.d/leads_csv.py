#!/usr/bin/env python3
"""Writes a deterministic CSV of N leads, as a bought list or a trade-fair export looks: person and
company fields, one unique email each, most with a phone. `leads_csv.py N FILE [--seed 42]`.

Names, titles, companies and places come from small pools, so names repeat as they do in real
lists; email addresses and phone numbers are unique by construction."""
import random
import sys
import unicodedata

FIRST = "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen Lukas Emma Leon Mia Noah Hannah Elias Sofia Paul Lena Jonas Marie Ben Anna Felix Lea Louis Camille Hugo Chloé Jules Manon Arthur Léa Gabriel Inès Mateo Lucía Hugo Martina Pablo Valentina Jürgen Zoë Björn Åsa Søren".split()
LAST = "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau González Fernández López Martínez Sánchez Pérez Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Andersson Johansson Nilsson Larsen Jensen Nielsen O'Brien".split()
TITLES = ["CEO", "CFO", "Head of Procurement", "Purchasing Manager", "Lab Manager", "Quality Engineer", "IT Director", "Operations Manager", "Research Scientist", "Plant Manager", "Buyer", "Sales Director"]
WORDS = "Acme Globex Initech Umbrella Hooli Vandelay Stark Wayne Wonka Tyrell Cyberdyne Soylent Oscorp Gringotts Nakatomi Monarch Virtucon Aperture Massive Dynamic Blue Sun Pied Piper Dunder Mifflin Prestige Sterling Cooper Gekko Krusty Duff Bluth Ajax Vector Nimbus Orion Polaris Zenith Apex Summit Pioneer Frontier Horizon Keystone Beacon Atlas Titan Nova".split()
FORMS = ["Inc.", "GmbH", "Ltd", "S.A.", "AG", "LLC", "B.V.", "SAS", "S.p.A.", "AB"]
PLACES = [("Berlin", "DE", "+49 30"), ("München", "DE", "+49 89"), ("Paris", "FR", "+33 1"), ("Lyon", "FR", "+33 4"), ("Madrid", "ES", "+34 91"), ("Milano", "IT", "+39 02"), ("London", "GB", "+44 20"), ("New York", "US", "+1 212"), ("Chicago", "US", "+1 312"), ("Stockholm", "SE", "+46 8"), ("Zürich", "CH", "+41 44"), ("Amsterdam", "NL", "+31 20")]
SOURCES = ["Bought list", "Event", "Web form", "Referral", "Website"]


def ascii_word(text: str) -> str:
    """A name as an email address's local part writes it: no accents, letters only."""
    text = text.replace("ø", "o").replace("Ø", "O").replace("ß", "ss")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    count = int(sys.argv[1])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 42
    rng = random.Random(seed)
    with open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
        out.write("First Name,Last Name,Title,Company,Email,Phone,City,Country,Lead Source\r\n")
        for n in range(count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            company = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {rng.choice(FORMS)}"
            city, country, prefix = rng.choice(PLACES)
            domain = f"c{n // 7}.example"
            email = f"{ascii_word(first)}.{ascii_word(last)}.{n}@{domain}"
            phone = f"{prefix} {n // 10000:03d} {n % 10000:04d}" if rng.random() < 0.8 else ""
            row = [first, last, rng.choice(TITLES), company, email, phone, city, country, rng.choice(SOURCES)]
            out.write(",".join(f'"{v}"' if "," in v or '"' in v else v for v in row) + "\r\n")


if __name__ == "__main__":
    main()
