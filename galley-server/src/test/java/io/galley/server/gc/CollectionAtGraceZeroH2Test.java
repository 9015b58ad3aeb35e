package io.galley.server.gc;

/** Collection at grace 0 under concurrent uploads and pushes, over an embedded H2 store. */
class CollectionAtGraceZeroH2Test extends CollectionAtGraceZeroContract {}
