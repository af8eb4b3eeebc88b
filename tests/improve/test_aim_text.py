from qikit.improve import read_aim_text


def test_finds_percentage_date_place_and_direction():
    facts = read_aim_text("Reduce restraint on Ward 3 by 25% by March 2027")
    assert facts.percentages == [25.0]
    assert facts.dates == ["March 2027"]
    assert facts.places == ["Ward"]
    assert facts.direction == "reduce"
    # "3" names the ward and is not a target.
    assert facts.numbers == []


def test_multiplier_and_year_are_not_targets():
    facts = read_aim_text(
        "Reduce physical violence from 12 to 8 per 1,000 occupied bed days by 31 March 2027 "
        "for adult patients on Oak ward"
    )
    assert facts.numbers == [12.0, 8.0]
    assert facts.dates == ["31 March 2027"]
    assert "patients" in facts.population


def test_relative_time_and_fraction_words():
    facts = read_aim_text("Halve self-harm within 6 months for women on the PICU")
    assert facts.percentages == [50.0]
    assert facts.dates == ["within 6 months"]
    assert facts.population == ["women"]
    assert facts.places == ["PICU"]


def test_vague_statement():
    facts = read_aim_text("We want to improve safety soon")
    assert not facts.has_number
    assert facts.dates == []
    assert facts.vague_verbs == ["improve"]
    assert facts.vague_amounts == ["soon"]
    assert facts.direction == ""


def test_numeric_dates():
    assert read_aim_text("Increase huddles to 90% by 31/03/2027").dates == ["31/03/2027"]
    assert read_aim_text("Increase huddles to 90% by 2027-03-31").dates == ["2027-03-31"]
    assert read_aim_text("Increase huddles to 90% by 2027-03-31").percentages == [90.0]
