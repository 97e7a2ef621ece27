"""Forms of the appointment book. Every limit of the models is enforced here, so bad
input is a message on the form, never a database error."""
