package dev.neurite.data;

/**
 * What a column of the training table became, and why: {@code role} is one of numeric,
 * boolean, date, text, embedding, target or left out; {@code reason} says what in the data
 * (or which option) decided it.
 */
public record ColumnRole(String name, String role, String reason) {
}
