"""Word lists for made-up clients: common names across the UK, and the kind of notes a
salon writes. Phone numbers and e-mail domains are ones reserved for fiction, so no real
person is ever rung or mailed from demo data."""

from __future__ import annotations


def split_list(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


FIRST_NAMES = split_list(
    """
    Olivia, Amelia, Isla, Ava, Mia, Ivy, Lily, Isabella, Rosie, Sophia, Grace, Freya,
    Florence, Willow, Evie, Poppy, Ella, Charlotte, Emily, Sienna, Daisy, Phoebe, Alice,
    Harper, Matilda, Ruby, Evelyn, Sophie, Jessica, Hannah, Chloe, Lucy, Megan, Holly,
    Rebecca, Laura, Sarah, Emma, Katie, Amy, Rachel, Claire, Nicola, Joanne, Lisa, Helen,
    Karen, Susan, Julie, Angela, Tracey, Deborah, Alison, Catherine, Elizabeth, Margaret,
    Patricia, Janet, Pauline, Gillian, Siobhan, Niamh, Aoife, Ceri, Cerys, Seren, Eilidh,
    Morag, Kirsty, Fiona, Priya, Anjali, Aisha, Fatima, Zara, Amira, Maryam, Noor, Leila,
    Yasmin, Mei, Agnieszka, Kasia, Ioana, Chiara, Adaeze, Chidinma, Abena, Keisha, Shanice,
    Jade, Oliver, George, Noah, Arthur, Harry, Leo, Muhammad, Jack, Charlie, Oscar, Jacob,
    Henry, Thomas, Freddie, Alfie, Theo, William, James, Daniel, Samuel, Joshua, Ryan, Liam,
    Connor, Callum, Jamie, Lewis, David, Michael, Paul, Mark, Andrew, Richard, Stephen,
    Gareth, Rhys, Dylan, Euan, Ciaran, Declan, Aarav, Rohan, Imran, Bilal, Kwame, Tomasz,
    Luca, Mateo
    """
)

LAST_NAMES = split_list(
    """
    Smith, Jones, Taylor, Brown, Williams, Wilson, Johnson, Davies, Robinson, Wright,
    Thompson, Evans, Walker, White, Roberts, Green, Hall, Wood, Jackson, Clarke, Patel,
    Khan, Lewis, James, Phillips, Mason, Mitchell, Rose, Davis, Rodriguez, Cox, Alexander,
    Morgan, Moore, Mills, King, Adams, Garcia, Harris, Baker, Turner, Hill, Scott, Cooper,
    Morris, Ward, Edwards, Hughes, Bennett, Shaw, Price, Lloyd, Powell, Griffiths, Owen,
    Pritchard, Llewellyn, Macdonald, Campbell, Stewart, Robertson, Murray, Fraser,
    Mackenzie, Reid, Ross, Paterson, Henderson, Murphy, Kelly, O'Brien, O'Neill, Byrne,
    Doyle, McCarthy, Gallagher, Quinn, Singh, Kaur, Shah, Ahmed, Hussain, Ali, Rahman,
    Begum, Chowdhury, Mistry, Chauhan, Nowak, Kowalska, Wiśniewska, Popescu, Okafor, Mensah,
    Adeyemi, Boateng, Chen, Wong, Nguyen, Kim, Rossi, Ferreira, Da Silva, Fernandes, Cohen,
    Levy, Ellis, Fletcher, Marshall, Fox, Walsh, Barker, Chapman, Gray, Hunt, Holmes,
    Palmer, Hart, Webb, Lawrence, Simpson, Knight, Dixon, Reynolds, Atkinson, Burton,
    Harvey, Gibson, Cole, Pearson, Ashworth, Whitehead, Hargreaves, Sutcliffe, Barnes, Lord,
    Armstrong, Carr, Ryan, Holland, Spencer, Payne, Day, Dunn, Nicholls, Lowe, Sharp,
    Fisher, Booth, Kennedy, Kerr, Slater, Steele, Todd, Newton, Black, Hayes, Pike, Ford,
    Parry, Vaughan, Yates, Burke, Ashton, Lamb, Tait, Greenwood, Bird, Francis, Sharma,
    Desai, Joshi
    """
)

# Ofcom's numbers for drama: each prefix is followed by three more digits (000-999).
FICTIONAL_PHONE_PREFIXES = (
    "07700 900",
    "07700 900",
    "07700 900",
    "07700 900",
    "020 7946 0",
    "0113 496 0",
    "0114 496 0",
    "0115 496 0",
    "0116 496 0",
    "0117 496 0",
    "0118 496 0",
    "0121 496 0",
    "0131 496 0",
    "0141 496 0",
    "0151 496 0",
    "0161 496 0",
    "0191 498 0",
    "029 2018 0",
    "01632 960",
)

EMAIL_DOMAINS = ("example.com", "example.org", "example.net")

CLIENT_NOTES = (
    "Prefers the first appointment of the day.",
    "Likes a flat white, no sugar.",
    "Sensitive scalp: use the gentle shampoo and keep the water lukewarm.",
    "Books every six weeks; likes a reminder by text.",
    "Hard of hearing on the left side; sit her on the right.",
    "Comes in after the school run, never before 9:30.",
    "Chatty; loves talking about her allotment.",
    "Quiet appointment please: prefers not to chat.",
    "Growing hair out for charity, trim only.",
    "Usually brings her little one, who is happy with the colouring books.",
    "Uses a wheelchair: book the front station by the door.",
    "Pays by card; asks for a receipt by e-mail.",
    "Referred by her sister; gave both a loyalty stamp.",
    "Wedding in June: book a trial two months before.",
    "Ask about the curl cream she bought last time.",
    "Prefers to book with the same stylist every time.",
    "Long hair: allow extra time for the blow-dry.",
    "Migraine sufferer: no strong fragrance products.",
)

ALLERGIES = (
    "Reacted to PPD in 2019: no permanent oxidation colour.",
    "Latex allergy: nitrile gloves only.",
    "Nut allergy: no products with almond or argan oil.",
    "Fragrance sensitivity: unscented products only.",
    "Eczema along the hairline; barrier cream before colour.",
    "Sensitive to ammonia: ammonia-free colour only.",
)

PATCH_TEST_PRODUCTS = (
    "Koleston Perfect",
    "Majirel",
    "Igora Royal",
    "Wella Illumina",
    "Goldwell Topchic",
    "Redken Shades EQ",
)

COLOUR_FORMULAS = (
    "Roots: Koleston 6/0 + 6/7 (1:1) with 6%, 35 min. Lengths: Color Touch 7/0 + 1.9%, 20 min.",
    "Full head Majirel 7.3 + 7.0 (2:1) with 20 vol, 35 min. Lovely warm result.",
    "Foils: Blondor + 6% (1:1.5), 12 foils, 40 min. Toner Shades EQ 09V + 09T, 20 min.",
    "Balayage freehand, Blondor Freelights 9% (1:2), checked every 10 min, 45 min. Gloss 010N.",
    "Root tint Igora Royal 5-0 with 6%, 30 min; good grey coverage. Add 5-00 at the temples.",
    "Toner only: Illumina 10/36 + 10/05 (1:1) with 3%, 15 min.",
    "Half head: Blondor + 6%, alternate slices with 7/1 + 7/0 lowlights (20 vol). Toner 9/16.",
    "Semi-permanent Color Touch 5/66 + 5/0 with 1.9%, 20 min. Client wants richer red next visit.",
    "Goldwell Topchic 4N + 5RB with 6%, 35 min. Resistant greys at the crown: leave 5 min longer.",
    "Bleach bath Blondor 1:1:1 shampoo, 10 min. Shades EQ 010P to neutralise yellow.",
)

APPOINTMENT_NOTES = (
    "New client: allow ten minutes for a consultation.",
    "Rang to say she may be ten minutes late.",
    "Wants to go lighter for summer.",
    "Same as last time please.",
    "Booked online.",
    "Birthday treat: her daughter is paying.",
    "Bringing inspiration photos.",
    "Please confirm by text the day before.",
)
