package bench.clinic;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import java.util.ArrayList;
import java.util.List;

@Entity
public class Owner {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  Integer id;

  String firstName;
  String lastName;
  String address;
  String city;
  String telephone;

  @OneToMany(mappedBy = "owner", cascade = CascadeType.ALL)
  @OrderBy("name")
  List<Pet> pets = new ArrayList<>();

  /** Through a getter: a lazy proxy's fields are unset, its getter answers the id without a query. */
  public Integer getId() {
    return id;
  }
}
