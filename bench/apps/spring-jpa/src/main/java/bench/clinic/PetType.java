package bench.clinic;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

@Entity
public class PetType {
  @Id
  Integer id;

  String name;
}
