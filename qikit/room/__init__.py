"""The facilitator's room: questions sent to every delegate's page during a learning session."""
