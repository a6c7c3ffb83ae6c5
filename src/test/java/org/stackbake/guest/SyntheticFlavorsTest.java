package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.image.SyntheticBases;

/** Validation knows the synthetic flavors from image.SyntheticBases; the guest layer makes exactly those. */
@Tag("unit")
class SyntheticFlavorsTest {
    @Test
    void validationKnowsEveryFlavorTheGuestLayerMakes() {
        assertEquals(SyntheticBases.FLAVORS, Arrays.stream(SyntheticBase.Flavor.values()).map(SyntheticBase.Flavor::id).toList());
    }
}
